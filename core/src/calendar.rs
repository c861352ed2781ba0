//! The England and Wales calendar the deadline rules count in: bank holidays, working days,
//! school days, and the "48 hours, disregarding Sundays, Christmas Day, Good Friday and bank
//! holidays" rule of the protection-order hearing (RULES.md §1.1).
//!
//! Elapsed-hours deadlines do not need this module: they are plain UTC arithmetic
//! ([`Instant::plus_hours`]). Calendar deadlines do, and they are all counted in **UK civil
//! time** (GMT, or BST from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last
//! Sunday of October; see [`crate::time::uk_offset`]). The counting conventions are:
//!
//! - **Bank holiday**: the dates of the built-in table for [`BUILT_IN_YEARS`] (RULES.md's
//!   list, including the one-off changes of 2020, 2022 and 2023), the rule-based dates of
//!   [`computed_bank_holidays`] for every other year, plus any extra dates the force configures
//!   ([`CalendarConfig::extra_bank_holidays`]). The table is authoritative: a weekend day whose
//!   holiday moved to a substitute weekday is not itself a bank holiday (Saturday 26 December
//!   2020 and 2026 are ordinary Saturdays).
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

use serde::{Deserialize, Serialize};

use crate::time::{Date, Instant, SECS_PER_DAY, SECS_PER_HOUR, Weekday, uk_civil, uk_instant};

/// The default school-day start: 08:30, in seconds after UK civil midnight.
pub const DEFAULT_SCHOOL_DAY_START: u32 = 8 * 3600 + 30 * 60;

/// The most days any day-by-day walk in this module looks ahead of its starting day (about
/// 1000 years). A walk that finds no answer within it returns `Instant::from_unix(i64::MAX)`.
/// No real calendar needs more than a handful of days; the bound exists so that a
/// configuration closing schools (or declaring bank holidays) for centuries still finishes.
pub const MAX_WALK_DAYS: i64 = 365_250;

/// The years whose bank holidays are built in from RULES.md's table (2028 to 2030 are
/// computed there too, but fixed here so that a later proclamation changes only this table).
pub const BUILT_IN_YEARS: core::ops::RangeInclusive<i32> = FIRST_BUILT_IN_YEAR..=LAST_BUILT_IN_YEAR;

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
/// The 48 hours of the hearing rule, in seconds.
const HEARING_SECS: i64 = 48 * SECS_PER_HOUR;

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

/// A date known to exist; used only for the literal dates of the static table below, every one
/// of which the tests check (the fallback is never taken).
const fn ymd(year: i32, month: u8, day: u8) -> Date {
    match Date::new(year, month, day) {
        Some(date) => date,
        None => FIRST_DATE,
    }
}

const BANK_HOLIDAYS_2020: [Date; 8] = [
    ymd(2020, 1, 1),
    ymd(2020, 4, 10),
    ymd(2020, 4, 13),
    ymd(2020, 5, 8), // early May moved from 4 May (VE Day 75)
    ymd(2020, 5, 25),
    ymd(2020, 8, 31),
    ymd(2020, 12, 25),
    ymd(2020, 12, 28),
];
const BANK_HOLIDAYS_2021: [Date; 8] = [
    ymd(2021, 1, 1),
    ymd(2021, 4, 2),
    ymd(2021, 4, 5),
    ymd(2021, 5, 3),
    ymd(2021, 5, 31),
    ymd(2021, 8, 30),
    ymd(2021, 12, 27),
    ymd(2021, 12, 28),
];
const BANK_HOLIDAYS_2022: [Date; 10] = [
    ymd(2022, 1, 3),
    ymd(2022, 4, 15),
    ymd(2022, 4, 18),
    ymd(2022, 5, 2),
    ymd(2022, 6, 2), // spring bank holiday moved from 30 May (Platinum Jubilee)
    ymd(2022, 6, 3), // Platinum Jubilee
    ymd(2022, 8, 29),
    ymd(2022, 9, 19), // State funeral of Queen Elizabeth II
    ymd(2022, 12, 26),
    ymd(2022, 12, 27),
];
const BANK_HOLIDAYS_2023: [Date; 9] = [
    ymd(2023, 1, 2),
    ymd(2023, 4, 7),
    ymd(2023, 4, 10),
    ymd(2023, 5, 1),
    ymd(2023, 5, 8), // Coronation of King Charles III
    ymd(2023, 5, 29),
    ymd(2023, 8, 28),
    ymd(2023, 12, 25),
    ymd(2023, 12, 26),
];
const BANK_HOLIDAYS_2024: [Date; 8] = [
    ymd(2024, 1, 1),
    ymd(2024, 3, 29),
    ymd(2024, 4, 1),
    ymd(2024, 5, 6),
    ymd(2024, 5, 27),
    ymd(2024, 8, 26),
    ymd(2024, 12, 25),
    ymd(2024, 12, 26),
];
const BANK_HOLIDAYS_2025: [Date; 8] = [
    ymd(2025, 1, 1),
    ymd(2025, 4, 18),
    ymd(2025, 4, 21),
    ymd(2025, 5, 5),
    ymd(2025, 5, 26),
    ymd(2025, 8, 25),
    ymd(2025, 12, 25),
    ymd(2025, 12, 26),
];
const BANK_HOLIDAYS_2026: [Date; 8] = [
    ymd(2026, 1, 1),
    ymd(2026, 4, 3),
    ymd(2026, 4, 6),
    ymd(2026, 5, 4),
    ymd(2026, 5, 25),
    ymd(2026, 8, 31),
    ymd(2026, 12, 25),
    ymd(2026, 12, 28),
];
const BANK_HOLIDAYS_2027: [Date; 8] = [
    ymd(2027, 1, 1),
    ymd(2027, 3, 26),
    ymd(2027, 3, 29),
    ymd(2027, 5, 3),
    ymd(2027, 5, 31),
    ymd(2027, 8, 30),
    ymd(2027, 12, 27),
    ymd(2027, 12, 28),
];
const BANK_HOLIDAYS_2028: [Date; 8] = [
    ymd(2028, 1, 3),
    ymd(2028, 4, 14),
    ymd(2028, 4, 17),
    ymd(2028, 5, 1),
    ymd(2028, 5, 29),
    ymd(2028, 8, 28),
    ymd(2028, 12, 25),
    ymd(2028, 12, 26),
];
const BANK_HOLIDAYS_2029: [Date; 8] = [
    ymd(2029, 1, 1),
    ymd(2029, 3, 30),
    ymd(2029, 4, 2),
    ymd(2029, 5, 7),
    ymd(2029, 5, 28),
    ymd(2029, 8, 27),
    ymd(2029, 12, 25),
    ymd(2029, 12, 26),
];
const BANK_HOLIDAYS_2030: [Date; 8] = [
    ymd(2030, 1, 1),
    ymd(2030, 4, 19),
    ymd(2030, 4, 22),
    ymd(2030, 5, 6),
    ymd(2030, 5, 27),
    ymd(2030, 8, 26),
    ymd(2030, 12, 25),
    ymd(2030, 12, 26),
];

/// The built-in table, one entry per year of [`BUILT_IN_YEARS`], in order.
static BUILT_IN: [&[Date]; 11] = [
    &BANK_HOLIDAYS_2020,
    &BANK_HOLIDAYS_2021,
    &BANK_HOLIDAYS_2022,
    &BANK_HOLIDAYS_2023,
    &BANK_HOLIDAYS_2024,
    &BANK_HOLIDAYS_2025,
    &BANK_HOLIDAYS_2026,
    &BANK_HOLIDAYS_2027,
    &BANK_HOLIDAYS_2028,
    &BANK_HOLIDAYS_2029,
    &BANK_HOLIDAYS_2030,
];

/// How many dates the built-in table holds, over all its years.
#[allow(
    clippy::indexing_slicing,
    reason = "evaluated at compile time: a bad index fails the build, never a run"
)]
const BUILT_IN_COUNT: usize = {
    let mut count = 0;
    let mut year = 0;
    while year < BUILT_IN.len() {
        count += BUILT_IN[year].len();
        year += 1;
    }
    count
};

/// Every built-in bank holiday as a day number (days since 1970-01-01), in order: the form the
/// working-day arithmetic searches. Worked out at compile time from the dated tables above.
#[allow(
    clippy::indexing_slicing,
    reason = "evaluated at compile time: a bad index fails the build, never a run"
)]
static BUILT_IN_DAYS: [i32; BUILT_IN_COUNT] = {
    let mut days = [0; BUILT_IN_COUNT];
    let mut next = 0;
    let mut year = 0;
    while year < BUILT_IN.len() {
        let table = BUILT_IN[year];
        let mut i = 0;
        while i < table.len() && next < BUILT_IN_COUNT {
            // Years 2020–2030: the day numbers fit in i32 many times over.
            days[next] = table[i].days_since_epoch() as i32;
            next += 1;
            i += 1;
        }
        year += 1;
    }
    days
};

/// The UK civil day numbers of the clock changes in the built-in years, in order: the last
/// Sunday of March and the last Sunday of October of each year. BST is in force after an odd
/// number of them.
#[allow(
    clippy::indexing_slicing,
    reason = "evaluated at compile time: a bad index fails the build, never a run"
)]
static CLOCK_CHANGE_DAYS: [i32; 2 * BUILT_IN.len()] = {
    let mut days = [0; 2 * BUILT_IN.len()];
    let mut i = 0;
    while i < BUILT_IN.len() {
        let year = FIRST_BUILT_IN_YEAR + i as i32;
        days[2 * i] = last_sunday_day(year, 3);
        days[2 * i + 1] = last_sunday_day(year, 10);
        i += 1;
    }
    days
};

/// The day number of the last Sunday of March or October (both 31 days long) of `year`.
const fn last_sunday_day(year: i32, month: u8) -> i32 {
    let last = ymd(year, month, 31).days_since_epoch();
    // 1970-01-01 was a Thursday: (days + 3) mod 7 counts from Monday = 0.
    (last - ((last + 3).rem_euclid(7) + 1) % 7) as i32
}

/// The first instant of the built-in years (2020-01-01 00:00, GMT) and the first after them
/// (2031-01-01 00:00, GMT).
const BUILT_IN_FROM: Instant = ymd(FIRST_BUILT_IN_YEAR, 1, 1).utc_midnight();
const BUILT_IN_UNTIL: Instant = ymd(LAST_BUILT_IN_YEAR + 1, 1, 1).utc_midnight();
/// The day number of 31 December of the last built-in year.
const LAST_BUILT_IN_DAY: i64 = ymd(LAST_BUILT_IN_YEAR, 12, 31).days_since_epoch();

/// How many entries of a sorted day table are on or before `day`.
fn count_up_to(table: &[i32], day: i64) -> usize {
    table.partition_point(|&entry| i64::from(entry) <= day)
}

/// The `n`-th weekday (Monday to Friday) after day number `day`, for `n` of at least 1.
///
/// Callers pass a day inside the built-in years and `n` of at most `u16::MAX`, so every value
/// here stays below a million in size; wrapping arithmetic says so to the compiler, which then
/// leaves no overflow-panic path (the firmware's no-panic-link build checks this).
const fn plus_weekdays(day: i64, n: i64) -> i64 {
    let weekday = day.wrapping_add(3).rem_euclid(7);
    // From a Saturday or Sunday, the weekdays that follow are those that follow the Friday.
    let (day, weekday) = if weekday >= 5 {
        (day.wrapping_sub(weekday - 4), 4)
    } else {
        (day, weekday)
    };
    // Whole weeks, then 1 to 5 more weekdays, stepping over one weekend if they cross it.
    let n = n.wrapping_sub(1);
    let weeks = n.wrapping_div(5);
    let rest = n.wrapping_rem(5) + 1;
    let weekend = if weekday + rest > 4 { 2 } else { 0 };
    day.wrapping_add(weeks.wrapping_mul(7))
        .wrapping_add(rest + weekend)
}

/// The UK civil day number of `event`, if it lies inside the built-in years (from
/// 2020-01-01 00:00 to the end of 2030); `None` otherwise.
fn built_in_civil_day(event: Instant) -> Option<i64> {
    if event < BUILT_IN_FROM || event >= BUILT_IN_UNTIL {
        return None;
    }
    // From here `at` lies in 2020–2030: none of the arithmetic below can overflow.
    let at = event.unix();
    // The clocks change at 01:00 UTC on the day of a change: the changes made by `at` are
    // those on or before the UTC day of the instant an hour earlier.
    let changes = count_up_to(
        &CLOCK_CHANGE_DAYS,
        at.wrapping_sub(SECS_PER_HOUR).div_euclid(SECS_PER_DAY),
    );
    let offset = if changes % 2 == 1 { SECS_PER_HOUR } else { 0 };
    Some(at.wrapping_add(offset).div_euclid(SECS_PER_DAY))
}

/// The `n`-th working day after day number `day` (`day` itself for `n = 0`), if it falls
/// inside the built-in years and `day` does too.
///
/// The `n`-th weekday is found in closed form; each built-in holiday passed on the way (all of
/// them fall on weekdays) pushes the answer one working day further, which is found the same
/// way, until a step passes no holiday. Every step moves on at least one day and the loop stops
/// at the end of the built-in years, so it ends; in practice it takes one or two steps.
fn built_in_working_day_after(mut day: i64, n: u16) -> Option<i64> {
    let mut owed = i64::from(n);
    // Holidays on or before `day`, carried from one step to the next.
    let mut before = count_up_to(&BUILT_IN_DAYS, day);
    while owed > 0 {
        let target = plus_weekdays(day, owed);
        if target > LAST_BUILT_IN_DAY {
            return None;
        }
        let up_to = count_up_to(&BUILT_IN_DAYS, target);
        // At most the table's length.
        owed = up_to.saturating_sub(before) as i64;
        before = up_to;
        day = target;
    }
    Some(day)
}

/// Whether day number `day`, inside the built-in years, is a working day.
fn is_built_in_working_day(day: i64) -> bool {
    day.wrapping_add(3).rem_euclid(7) < 5 && BUILT_IN_DAYS.binary_search(&(day as i32)).is_err()
}

/// The instant at which UK civil clocks show `secs` seconds after midnight (below a day) on
/// day number `day` inside the built-in years, which must not be a clock-change Sunday unless
/// `secs` is past the change (23:59:59 always is): BST runs from the spring Sunday to the day
/// before the autumn Sunday.
fn built_in_civil_instant(day: i64, secs: u32) -> Instant {
    let summer = count_up_to(&CLOCK_CHANGE_DAYS, day) % 2 == 1;
    let naive = day.wrapping_mul(SECS_PER_DAY).wrapping_add(i64::from(secs));
    Instant::from_unix(if summer {
        naive.wrapping_sub(SECS_PER_HOUR)
    } else {
        naive
    })
}

/// [`working_days_after`] by arithmetic rather than by walking, for an event inside the
/// built-in years whose deadline also falls inside them, with no extra holidays configured;
/// `None` otherwise (the walk then answers).
fn working_days_after_built_in(event: Instant, n: u16) -> Option<Instant> {
    let day = built_in_working_day_after(built_in_civil_day(event)?, n)?;
    Some(built_in_civil_instant(day, LAST_SECOND))
}

/// [`next_school_day_start`] by stepping from working day to working day rather than from
/// day to day, for an event inside the built-in years whose answer also falls inside them,
/// with no extra holidays configured; `None` otherwise (the walk then answers). Closures are
/// jumped as the walk jumps them. A working day is never a clock-change Sunday, so its start
/// time exists exactly once.
fn next_school_day_start_built_in(
    event: Instant,
    start_secs: u32,
    closures: &[DateRange],
) -> Option<Instant> {
    let mut day = built_in_civil_day(event)?;
    if !is_built_in_working_day(day) {
        day = built_in_working_day_after(day, 1)?;
    }
    // Each pass moves `day` on by at least one day, and the days end with the built-in years.
    loop {
        let closed = if closures.is_empty() {
            None
        } else {
            closure_end(Date::from_days_since_epoch(day), closures)
        };
        if let Some(last) = closed {
            let after = last.days_since_epoch();
            if after >= LAST_BUILT_IN_DAY {
                return None;
            }
            day = after.wrapping_add(1);
            if !is_built_in_working_day(day) {
                day = built_in_working_day_after(day, 1)?;
            }
            continue;
        }
        let at = built_in_civil_instant(day, start_secs);
        if at > event {
            return Some(at);
        }
        day = built_in_working_day_after(day, 1)?;
    }
}

/// The built-in England and Wales bank holidays of `year`, in date order, exactly as RULES.md
/// §1.1 lists them (with the one-off changes of 2020, 2022 and 2023); `None` outside
/// [`BUILT_IN_YEARS`].
#[must_use]
pub fn built_in_bank_holidays(year: i32) -> Option<&'static [Date]> {
    let index = usize::try_from(i64::from(year) - i64::from(FIRST_BUILT_IN_YEAR)).ok()?;
    BUILT_IN.get(index).copied()
}

/// The date of Easter Sunday in `year` (Gregorian calendar), by the anonymous Gregorian
/// algorithm (Meeus/Jones/Butcher), with floor division so that it also holds for the
/// proleptic years before 1583 and before year 1.
///
/// `year` is clamped to the years [`Date`] can hold, -9999 to 9999.
#[must_use]
pub const fn easter_sunday(year: i32) -> Date {
    let year = if year < -9999 {
        -9999
    } else if year > 9999 {
        9999
    } else {
        year
    };
    let a = year.rem_euclid(19);
    let b = year.div_euclid(100);
    let c = year.rem_euclid(100);
    let d = b.div_euclid(4);
    let e = b.rem_euclid(4);
    let f = (b + 8).div_euclid(25);
    let g = (b - f + 1).div_euclid(3);
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l) / 451;
    let n = h + l - 7 * m + 114;
    // n / 31 is 3 or 4 and n % 31 + 1 is 1..=31: both fit in u8 and make a real date.
    ymd(year, (n / 31) as u8, (n % 31 + 1) as u8)
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

/// The England and Wales bank holidays of `year` by the standing rules, in date order:
/// New Year's Day (or the Monday after, if it falls at a weekend), Good Friday, Easter Monday,
/// the first Monday of May, the last Monday of May, the last Monday of August, and Christmas
/// Day and Boxing Day with substitute weekdays (25 December on a Saturday: Monday 27 and
/// Tuesday 28; on a Sunday: Monday 26 as Boxing Day and Tuesday 27 as the Christmas
/// substitute; 26 December on a Saturday: Monday 28).
///
/// There are always exactly eight. One-off changes (such as those of 2020, 2022 and 2023) are
/// not part of the rules: [`built_in_bank_holidays`] has them. `None` for a year [`Date`]
/// cannot hold (outside -9999 to 9999).
#[must_use]
pub fn computed_bank_holidays(year: i32) -> Option<[Date; 8]> {
    let new_year = Date::new(year, 1, 1)?;
    let new_year = match new_year.weekday() {
        Weekday::Saturday => new_year.plus_days(2),
        Weekday::Sunday => new_year.plus_days(1),
        _ => new_year,
    };
    let easter = easter_sunday(year);
    let may_first = Date::new(year, 5, 1)?;
    let early_may = may_first.plus_days((7 - weekday_index(may_first.weekday())) % 7);
    let last_monday = |month: u8| -> Option<Date> {
        let last = Date::new(year, month, 31)?;
        Some(last.plus_days(-weekday_index(last.weekday())))
    };
    let christmas = Date::new(year, 12, 25)?;
    let (christmas_holiday, boxing_holiday) = match christmas.weekday() {
        // 26th is a Saturday: Boxing Day moves to Monday 28.
        Weekday::Friday => (christmas, christmas.plus_days(3)),
        // Both at the weekend: Monday 27 and Tuesday 28.
        Weekday::Saturday => (christmas.plus_days(2), christmas.plus_days(3)),
        // Boxing Day is Monday 26; Christmas moves to Tuesday 27.
        Weekday::Sunday => (christmas.plus_days(1), christmas.plus_days(2)),
        _ => (christmas, christmas.plus_days(1)),
    };
    Some([
        new_year,
        easter.plus_days(-2),
        easter.plus_days(1),
        early_may,
        last_monday(5)?,
        last_monday(8)?,
        christmas_holiday,
        boxing_holiday,
    ])
}

/// Whether [`computed_bank_holidays`] of `date`'s year contains `date`, without building the
/// list: a few comparisons, and Easter only for a Monday or Friday in March or April.
fn is_computed_bank_holiday(date: Date) -> bool {
    let weekday = date.weekday();
    let monday = matches!(weekday, Weekday::Monday);
    let day = date.day();
    match date.month() {
        1 => (day == 1 && !is_weekend(weekday)) || (monday && (day == 2 || day == 3)),
        3 | 4 if monday || matches!(weekday, Weekday::Friday) => {
            let easter = easter_sunday(date.year()).days_since_epoch();
            let days = date.days_since_epoch();
            days == easter - 2 || days == easter + 1
        }
        5 => monday && (day <= 7 || day >= 25),
        8 => monday && day >= 25,
        12 => match day {
            25 | 26 => !is_weekend(weekday),
            27 | 28 => monday || matches!(weekday, Weekday::Tuesday),
            _ => false,
        },
        _ => false,
    }
}

/// Whether `date` is an England and Wales bank holiday: the built-in table for
/// [`BUILT_IN_YEARS`], the rules of [`computed_bank_holidays`] for other years, and any of
/// `cfg.extra_bank_holidays` in every year.
#[must_use]
pub fn is_bank_holiday(date: Date, cfg: &CalendarConfig<'_>) -> bool {
    let listed = if BUILT_IN_YEARS.contains(&date.year()) {
        // Years 2020–2030: the day number fits in i32.
        let day = date.days_since_epoch() as i32;
        BUILT_IN_DAYS.binary_search(&day).is_ok()
    } else {
        is_computed_bank_holiday(date)
    };
    listed || cfg.extra_bank_holidays.contains(&date)
}

/// Whether `date` is a working day: Monday to Friday and not a bank holiday.
#[must_use]
pub fn is_working_day(date: Date, cfg: &CalendarConfig<'_>) -> bool {
    !is_weekend(date.weekday()) && !is_bank_holiday(date, cfg)
}

/// Whether `date` is a school day: a working day that no configured school closure contains.
#[must_use]
pub fn is_school_day(date: Date, cfg: &CalendarConfig<'_>) -> bool {
    is_working_day(date, cfg) && !cfg.school_closures.iter().any(|r| r.contains(date))
}

/// Days from `from` to `to` (both held by [`Date`], so no overflow).
const fn days_between(from: Date, to: Date) -> i64 {
    to.days_since_epoch() - from.days_since_epoch()
}

/// The deadline of "within `n` working days of `event`": 23:59:59 UK civil time on the `n`-th
/// working day after the UK civil day of `event`. That day never counts, whatever its hour;
/// `n = 0` gives 23:59:59 on the day of the event itself.
///
/// Inside the built-in years, with no extra bank holidays configured, the answer is worked
/// out in a few steps of arithmetic (the usual case: tens of instructions). Otherwise the
/// calendar is walked one day at a time, which ends after about `7n/5` days plus the bank
/// holidays on the way; the tests check that both give the same deadline for every day of the
/// built-in years. An event after the end of the calendar (9999-12-31 23:59:59 UK civil time),
/// or a walk that would pass it or [`MAX_WALK_DAYS`], gives `Instant::from_unix(i64::MAX)`. An
/// event before the calendar's first day is counted from that day.
#[must_use]
pub fn working_days_after(event: Instant, n: u16, cfg: &CalendarConfig<'_>) -> Instant {
    if cfg.extra_bank_holidays.is_empty()
        && let Some(deadline) = working_days_after_built_in(event, n)
    {
        return deadline;
    }
    walk_working_days(event, n, cfg)
}

/// [`working_days_after`] one calendar day at a time: the definition, used wherever the
/// arithmetic of [`working_days_after_built_in`] does not apply.
fn walk_working_days(event: Instant, n: u16, cfg: &CalendarConfig<'_>) -> Instant {
    const LAST_INSTANT: Instant = uk_instant(LAST_DATE, LAST_SECOND);
    if event > LAST_INSTANT {
        return NEVER;
    }
    let (start, _) = uk_civil(event);
    let mut day = start;
    // The weekday is carried along rather than worked out afresh for each day.
    let mut weekday = weekday_index(start.weekday());
    let mut walked: i64 = 0;
    let mut counted: u16 = 0;
    while counted < n {
        if day == LAST_DATE || walked >= MAX_WALK_DAYS {
            return NEVER;
        }
        day = day.next();
        walked += 1;
        // `>=` rather than `==`: it lets the optimiser see that the increment cannot overflow,
        // so no overflow-panic path is left (the firmware's no-panic-link build checks this).
        weekday = if weekday >= 6 { 0 } else { weekday + 1 };
        if weekday < 5 && !is_bank_holiday(day, cfg) {
            counted = counted.saturating_add(1);
        }
    }
    uk_instant(day, LAST_SECOND)
}

/// The last day of the latest school closure containing `day`, if any does.
fn closure_end(day: Date, closures: &[DateRange]) -> Option<Date> {
    closures
        .iter()
        .filter(|r| r.contains(day))
        .map(|r| r.last)
        .max()
}

/// The deadline of "before the start of the next school day after `event`": the school-day
/// start (`cfg.school_day_start`, UK civil time) on the first school day whose start is
/// strictly after `event`. An event at exactly the start time rolls to the following school
/// day.
///
/// Closures are skipped in one step each (to the day after the closure's last day), so a long
/// closure costs no more than a short one. If no school day starts within [`MAX_WALK_DAYS`]
/// days of the event's day, or before the end of the calendar, the result is
/// `Instant::from_unix(i64::MAX)`.
#[must_use]
pub fn next_school_day_start(event: Instant, cfg: &CalendarConfig<'_>) -> Instant {
    let start_secs = cfg.school_day_start.min(LAST_SECOND);
    if cfg.extra_bank_holidays.is_empty()
        && let Some(start) = next_school_day_start_built_in(event, start_secs, cfg.school_closures)
    {
        return start;
    }
    walk_school_days(event, start_secs, cfg)
}

/// [`next_school_day_start`] one calendar day at a time: the definition, used wherever
/// [`next_school_day_start_built_in`] does not apply.
fn walk_school_days(event: Instant, start_secs: u32, cfg: &CalendarConfig<'_>) -> Instant {
    let (first, _) = uk_civil(event);
    let mut day = first;
    // Each pass moves `day` forward by at least one day, so this ends within MAX_WALK_DAYS + 1
    // passes.
    while days_between(first, day) <= MAX_WALK_DAYS {
        if let Some(last) = closure_end(day, cfg.school_closures) {
            if last == LAST_DATE {
                return NEVER;
            }
            day = last.next();
            continue;
        }
        if is_working_day(day, cfg) {
            let at = uk_instant(day, start_secs);
            if at > event {
                return at;
            }
        }
        if day == LAST_DATE {
            return NEVER;
        }
        day = day.next();
    }
    NEVER
}

/// Whether the 48-hour hearing rule disregards `date`: a Sunday, Christmas Day (whatever its
/// weekday), Good Friday or a bank holiday (including `cfg`'s extras).
#[must_use]
pub fn is_disregarded_for_hearing(date: Date, cfg: &CalendarConfig<'_>) -> bool {
    let weekday = date.weekday();
    if matches!(weekday, Weekday::Sunday) || (date.month() == 12 && date.day() == 25) {
        return true;
    }
    let good_friday = matches!(weekday, Weekday::Friday)
        && matches!(date.month(), 3 | 4)
        && date.days_since_epoch() == easter_sunday(date.year()).days_since_epoch() - 2;
    good_friday || is_bank_holiday(date, cfg)
}

/// The deadline of "not later than 48 hours after `service`, disregarding any Sunday,
/// Christmas Day, Good Friday and bank holiday" (Crime and Security Act 2010 s27, Domestic
/// Abuse Act 2021 s29), counted as RULES.md §1.1 says.
///
/// Time counts only during UK civil days that are not disregarded
/// ([`is_disregarded_for_hearing`]). Counting starts at `service`; if the service day is
/// disregarded, it starts at 00:00 UK civil time on the next counted day. Each counted day
/// contributes its real length in elapsed seconds up to the next UK civil midnight (so a 23- or
/// 25-hour day would count as such, though the clock changes fall on Sundays, which are
/// disregarded anyway); disregarded days are skipped whole. If the 48th hour ends exactly at a
/// midnight, the deadline is that midnight, even if the day after it is disregarded.
///
/// Bank holidays are those of [`is_bank_holiday`]: under the authoritative table a Saturday
/// 26 December whose holiday moved to Monday 28 (2020, 2026) counts as an ordinary Saturday.
///
/// The walk needs at most three counted days plus the disregarded days between them. A count
/// that would run past the end of the calendar (9999-12-31), or skip more than
/// [`MAX_WALK_DAYS`] days, gives `Instant::from_unix(i64::MAX)`.
#[must_use]
pub fn hearing_deadline(service: Instant, cfg: &CalendarConfig<'_>) -> Instant {
    let (first, _) = uk_civil(service);
    let mut day = first;
    let mut from = service;
    let mut remaining = HEARING_SECS;
    // Each pass moves `day` on by one, so this ends within MAX_WALK_DAYS + 1 passes.
    while day != LAST_DATE && days_between(first, day) <= MAX_WALK_DAYS {
        let next = day.next();
        let end = uk_instant(next, 0);
        if !is_disregarded_for_hearing(day, cfg) {
            let available = end.unix().saturating_sub(from.unix()).max(0);
            if available >= remaining {
                return from.plus_secs(remaining);
            }
            remaining -= available;
        }
        day = next;
        from = end;
    }
    NEVER
}

/// Whether any UK civil year from the year of `from` to the year of `to` (inclusive; the order
/// of the two does not matter) lies outside [`BUILT_IN_YEARS`]: a deadline counted over such a
/// year relied on computed, not proclaimed, bank holidays, and the rules flag it.
#[must_use]
pub fn touches_computed_years(from: Instant, to: Instant) -> bool {
    // The first and last instants of the built-in years in UK civil time, worked out once at
    // compile time: two comparisons instead of two civil-date conversions.
    const FIRST: Instant = uk_instant(ymd(FIRST_BUILT_IN_YEAR, 1, 1), 0);
    const AFTER_LAST: Instant = uk_instant(ymd(LAST_BUILT_IN_YEAR + 1, 1, 1), 0);
    from.min(to) < FIRST || from.max(to) >= AFTER_LAST
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

    fn cfg() -> CalendarConfig<'static> {
        CalendarConfig::default()
    }

    /// RULES.md §1.1's table, verbatim.
    const TABLE: [(i32, &str); 11] = [
        (2020, "01-01 04-10 04-13 05-08 05-25 08-31 12-25 12-28"),
        (2021, "01-01 04-02 04-05 05-03 05-31 08-30 12-27 12-28"),
        (
            2022,
            "01-03 04-15 04-18 05-02 06-02 06-03 08-29 09-19 12-26 12-27",
        ),
        (
            2023,
            "01-02 04-07 04-10 05-01 05-08 05-29 08-28 12-25 12-26",
        ),
        (2024, "01-01 03-29 04-01 05-06 05-27 08-26 12-25 12-26"),
        (2025, "01-01 04-18 04-21 05-05 05-26 08-25 12-25 12-26"),
        (2026, "01-01 04-03 04-06 05-04 05-25 08-31 12-25 12-28"),
        (2027, "01-01 03-26 03-29 05-03 05-31 08-30 12-27 12-28"),
        (2028, "01-03 04-14 04-17 05-01 05-29 08-28 12-25 12-26"),
        (2029, "01-01 03-30 04-02 05-07 05-28 08-27 12-25 12-26"),
        (2030, "01-01 04-19 04-22 05-06 05-27 08-26 12-25 12-26"),
    ];

    fn table_dates(year: i32, list: &str) -> Vec<Date> {
        list.split(' ')
            .map(|md| d(&format!("{year:04}-{md}")))
            .collect()
    }

    fn every_day_of(year: i32) -> impl Iterator<Item = Date> {
        let first = Date::new(year, 1, 1).unwrap();
        (0..)
            .map(move |n| first.plus_days(n))
            .take(366)
            .take_while(move |day| day.year() == year)
    }

    #[test]
    fn built_in_table_is_the_rules_table() {
        for (year, list) in TABLE {
            let want = table_dates(year, list);
            assert_eq!(built_in_bank_holidays(year).unwrap(), &want[..], "{year}");
            for day in every_day_of(year) {
                assert_eq!(is_bank_holiday(day, &cfg()), want.contains(&day), "{day}");
            }
        }
        assert_eq!(built_in_bank_holidays(2019), None);
        assert_eq!(built_in_bank_holidays(2031), None);
        assert_eq!(built_in_bank_holidays(i32::MIN), None);
        assert_eq!(built_in_bank_holidays(i32::MAX), None);
        assert!(
            BUILT_IN_YEARS
                .clone()
                .all(|y| built_in_bank_holidays(y).is_some())
        );
    }

    #[test]
    fn table_is_sorted_and_holidays_are_weekdays() {
        for year in BUILT_IN_YEARS {
            let table = built_in_bank_holidays(year).unwrap();
            assert!(table.windows(2).all(|w| w[0] < w[1]), "{year}");
            assert!(
                table
                    .iter()
                    .all(|h| !is_weekend(h.weekday()) && h.year() == year)
            );
        }
    }

    #[test]
    fn computed_rules_match_the_table_where_no_one_off_change_applies() {
        for (year, list) in TABLE {
            let computed = computed_bank_holidays(year).unwrap();
            let want = table_dates(year, list);
            match year {
                2020 => {
                    // The early May holiday moved from Monday 4 May to Friday 8 May.
                    assert!(computed.contains(&d("2020-05-04")));
                    assert!(!computed.contains(&d("2020-05-08")));
                }
                2022 => {
                    assert!(computed.contains(&d("2022-05-30")));
                    assert!(!computed.contains(&d("2022-06-02")));
                }
                2023 => assert!(!computed.contains(&d("2023-05-08"))),
                _ => assert_eq!(&computed[..], &want[..], "{year}"),
            }
        }
    }

    #[test]
    fn moved_and_substituted_days_are_not_bank_holidays() {
        for day in [
            "2020-05-04",
            "2022-05-30",
            "2020-12-26",
            "2026-12-26",
            "2021-12-25",
        ] {
            assert!(!is_bank_holiday(d(day), &cfg()), "{day}");
        }
        for day in [
            "2020-05-08",
            "2022-06-02",
            "2022-06-03",
            "2022-09-19",
            "2023-05-08",
        ] {
            assert!(is_bank_holiday(d(day), &cfg()), "{day}");
        }
    }

    #[test]
    fn computed_years_outside_the_table() {
        let want_2031 = table_dates(2031, "01-01 04-11 04-14 05-05 05-26 08-25 12-25 12-26");
        assert_eq!(&computed_bank_holidays(2031).unwrap()[..], &want_2031[..]);
        // 2019: Easter 21 April; 25 December a Wednesday.
        let want_2019 = table_dates(2019, "01-01 04-19 04-22 05-06 05-27 08-26 12-25 12-26");
        assert_eq!(&computed_bank_holidays(2019).unwrap()[..], &want_2019[..]);
        // 2033: 1 January a Saturday → Monday 3; 25 December a Sunday → 26 and 27.
        let want_2033 = table_dates(2033, "01-03 04-15 04-18 05-02 05-30 08-29 12-26 12-27");
        assert_eq!(&computed_bank_holidays(2033).unwrap()[..], &want_2033[..]);
        // 2032: 25 December a Saturday → Monday 27 and Tuesday 28.
        let c2032 = computed_bank_holidays(2032).unwrap();
        assert_eq!(&c2032[6..], &[d("2032-12-27"), d("2032-12-28")]);
        // 2037: 25 December a Friday → Boxing Day substitute Monday 28.
        let c2037 = computed_bank_holidays(2037).unwrap();
        assert_eq!(&c2037[6..], &[d("2037-12-25"), d("2037-12-28")]);
        assert!(!is_bank_holiday(d("2037-12-26"), &cfg()));
        for year in [2019, 2031] {
            let want = computed_bank_holidays(year).unwrap();
            for day in every_day_of(year) {
                assert_eq!(is_bank_holiday(day, &cfg()), want.contains(&day), "{day}");
            }
        }
        assert_eq!(computed_bank_holidays(10_000), None);
        assert_eq!(computed_bank_holidays(-10_000), None);
        assert_eq!(computed_bank_holidays(i32::MAX), None);
        assert!(computed_bank_holidays(9999).is_some());
        assert!(computed_bank_holidays(-9999).is_some());
    }

    #[test]
    fn quick_check_agrees_with_the_computed_list() {
        let years = (1900..=2200).chain([-9999, -4713, -1, 0, 1, 1582, 1583, 4000, 9998, 9999]);
        for year in years {
            let list = computed_bank_holidays(year).unwrap();
            assert!(list.windows(2).all(|w| w[0] < w[1]), "{year}");
            assert!(list.iter().all(|h| !is_weekend(h.weekday())), "{year}");
            let mut found = 0;
            for day in every_day_of(year) {
                let quick = is_computed_bank_holiday(day);
                assert_eq!(quick, list.contains(&day), "{day}");
                found += usize::from(quick);
            }
            assert_eq!(found, 8, "{year}");
        }
    }

    #[test]
    fn easter_sunday_known_years() {
        for (year, want) in [
            (2024, "2024-03-31"),
            (2025, "2025-04-20"),
            (2000, "2000-04-23"),
            (2038, "2038-04-25"),
            (2019, "2019-04-21"),
            (2008, "2008-03-23"),
            (2285, "2285-03-22"),
            (1818, "1818-03-22"),
            (1943, "1943-04-25"),
            (1961, "1961-04-02"),
        ] {
            assert_eq!(easter_sunday(year), d(want), "{year}");
        }
        assert_eq!(easter_sunday(i32::MAX), easter_sunday(9999));
        assert_eq!(easter_sunday(i32::MIN), easter_sunday(-9999));
    }

    #[test]
    fn easter_is_a_sunday_in_its_window_in_every_year() {
        for year in -9999..=9999 {
            let e = easter_sunday(year);
            assert_eq!(e.year(), year);
            assert_eq!(e.weekday(), Weekday::Sunday, "{year}");
            let (m, day) = (e.month(), e.day());
            assert!((m == 3 && day >= 22) || (m == 4 && day <= 25), "{e}");
        }
    }

    #[test]
    fn extra_bank_holidays_and_working_days() {
        let extras = [d("2024-07-05")];
        let with = CalendarConfig {
            extra_bank_holidays: &extras,
            ..CalendarConfig::default()
        };
        assert!(is_working_day(d("2024-07-05"), &cfg()));
        assert!(is_bank_holiday(d("2024-07-05"), &with));
        assert!(!is_working_day(d("2024-07-05"), &with));
        // An extra day works outside the built-in years too.
        let far = [d("2040-07-05")];
        let far_cfg = CalendarConfig {
            extra_bank_holidays: &far,
            ..CalendarConfig::default()
        };
        assert!(is_bank_holiday(d("2040-07-05"), &far_cfg));
        assert!(!is_working_day(d("2024-03-09"), &cfg())); // Saturday
        assert!(!is_working_day(d("2024-03-10"), &cfg())); // Sunday
        assert!(is_working_day(d("2024-03-11"), &cfg())); // Monday
        assert!(!is_working_day(d("2024-12-25"), &cfg()));
    }

    #[test]
    fn date_ranges_and_school_days() {
        let half_term = DateRange {
            first: d("2024-02-12"),
            last: d("2024-02-16"),
        };
        assert!(half_term.contains(d("2024-02-12")));
        assert!(half_term.contains(d("2024-02-16")));
        assert!(!half_term.contains(d("2024-02-11")));
        assert!(!half_term.contains(d("2024-02-17")));
        let empty = DateRange {
            first: d("2024-02-16"),
            last: d("2024-02-12"),
        };
        assert!(!empty.contains(d("2024-02-14")));
        let closures = [half_term];
        let c = CalendarConfig {
            school_closures: &closures,
            ..CalendarConfig::default()
        };
        assert!(!is_school_day(d("2024-02-14"), &c));
        assert!(is_working_day(d("2024-02-14"), &c));
        assert!(is_school_day(d("2024-02-19"), &c));
        assert!(!is_school_day(d("2024-02-17"), &c));
        assert!(!is_school_day(d("2024-04-01"), &c)); // Easter Monday
    }

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
    fn working_days_across_a_weekend() {
        // Friday 8 March 2024, 10:00 GMT.
        let e = t("2024-03-08T10:00:00Z");
        assert_eq!(working_days_after(e, 0, &cfg()), t("2024-03-08T23:59:59Z"));
        assert_eq!(working_days_after(e, 1, &cfg()), t("2024-03-11T23:59:59Z"));
        assert_eq!(working_days_after(e, 2, &cfg()), t("2024-03-12T23:59:59Z"));
        assert_eq!(working_days_after(e, 5, &cfg()), t("2024-03-15T23:59:59Z"));
        // An event at 00:00:00 or 23:59:59 of the same day gives the same deadline.
        for at in ["2024-03-08T00:00:00Z", "2024-03-08T23:59:59Z"] {
            assert_eq!(
                working_days_after(t(at), 1, &cfg()),
                t("2024-03-11T23:59:59Z")
            );
        }
    }

    #[test]
    fn working_days_late_friday_event() {
        // Friday 5 January 2024, 23:30 GMT.
        let e = t("2024-01-05T23:30:00Z");
        assert_eq!(working_days_after(e, 1, &cfg()), t("2024-01-08T23:59:59Z"));
        // Thursday 6 June 2024 23:30 UTC is Friday 00:30 BST: the civil day is the Friday.
        let e = t("2024-06-06T23:30:00Z");
        assert_eq!(working_days_after(e, 0, &cfg()), t("2024-06-07T22:59:59Z"));
        assert_eq!(working_days_after(e, 1, &cfg()), t("2024-06-10T22:59:59Z"));
        // Friday 7 June 2024, 23:30 BST.
        let e = t("2024-06-07T22:30:00Z");
        assert_eq!(working_days_after(e, 1, &cfg()), t("2024-06-10T22:59:59Z"));
    }

    #[test]
    fn working_days_from_a_saturday() {
        let e = t("2024-03-09T10:00:00Z");
        assert_eq!(working_days_after(e, 0, &cfg()), t("2024-03-09T23:59:59Z"));
        assert_eq!(working_days_after(e, 1, &cfg()), t("2024-03-11T23:59:59Z"));
        assert_eq!(working_days_after(e, 2, &cfg()), t("2024-03-12T23:59:59Z"));
    }

    #[test]
    fn working_days_across_christmas_and_new_year() {
        // Tuesday 24 December 2024, 10:00 GMT. 25 and 26 are bank holidays, 27 is a Friday,
        // 28 and 29 the weekend, 1 January a bank holiday.
        let e = t("2024-12-24T10:00:00Z");
        assert_eq!(working_days_after(e, 1, &cfg()), t("2024-12-27T23:59:59Z"));
        assert_eq!(working_days_after(e, 2, &cfg()), t("2024-12-30T23:59:59Z"));
        assert_eq!(working_days_after(e, 3, &cfg()), t("2024-12-31T23:59:59Z"));
        assert_eq!(working_days_after(e, 4, &cfg()), t("2025-01-02T23:59:59Z"));
        // 2020: Saturday 26th is not a holiday but is a weekend; Monday 28 is the substitute.
        let e = t("2020-12-24T10:00:00Z");
        assert_eq!(working_days_after(e, 1, &cfg()), t("2020-12-29T23:59:59Z"));
    }

    #[test]
    fn working_days_across_easter_and_a_clock_change() {
        // Good Friday 29 March 2024 (GMT); clocks go forward Sunday 31 March; Easter Monday
        // 1 April. One working day later is Tuesday 2 April, 23:59:59 BST.
        let e = t("2024-03-29T10:00:00Z");
        assert_eq!(working_days_after(e, 1, &cfg()), t("2024-04-02T22:59:59Z"));
        // Thursday before Easter.
        let e = t("2024-03-28T10:00:00Z");
        assert_eq!(working_days_after(e, 1, &cfg()), t("2024-04-02T22:59:59Z"));
        assert_eq!(working_days_after(e, 2, &cfg()), t("2024-04-03T22:59:59Z"));
        // Autumn: Friday 25 October 2024 (BST), clocks back Sunday 27 → Monday 28 in GMT.
        let e = t("2024-10-25T10:00:00Z");
        assert_eq!(working_days_after(e, 0, &cfg()), t("2024-10-25T22:59:59Z"));
        assert_eq!(working_days_after(e, 1, &cfg()), t("2024-10-28T23:59:59Z"));
    }

    #[test]
    fn working_day_arithmetic_agrees_with_the_walk_on_every_day_of_the_built_in_years() {
        // Every day from a week before the built-in years to a week after, at the seconds of
        // the day where the civil date or the offset can turn (UTC midnight, the 01:00 UTC
        // clock change, 23:00 UTC which is the next civil day in summer, the last second), for
        // counts that cross nothing, a weekend, several weeks, and the end of the years.
        let first = ymd(2019, 12, 24).days_since_epoch();
        let last = ymd(2031, 1, 7).days_since_epoch();
        let seconds = [0, 3599, 3600, 3601, 43_200, 82_799, 82_800, 86_399];
        let mut arithmetic = 0;
        for day in first..=last {
            // Long counts from one day in eleven (they only move the end further on).
            let long: &[u16] = if day % 11 == 0 { &[250, 2_900] } else { &[] };
            for secs in seconds {
                let event = Instant::from_unix(day * SECS_PER_DAY + secs);
                for &n in [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 15, 40]
                    .iter()
                    .chain(long)
                {
                    let fast = working_days_after(event, n, &cfg());
                    assert_eq!(fast, walk_working_days(event, n, &cfg()), "{event} + {n}");
                    arithmetic += usize::from(working_days_after_built_in(event, n).is_some());
                }
            }
        }
        // The arithmetic answered for nearly every event inside the years.
        assert!(arithmetic > 4_000 * 8 * 12, "{arithmetic}");
    }

    #[test]
    fn school_day_stepping_agrees_with_the_walk_on_every_day_of_the_built_in_years() {
        // With no closures, with term-time closures (half terms, a Christmas break across the
        // new year, overlapping ranges, one ending on a Friday before a bank holiday) and with a
        // closure running past the built-in years; at school-day starts of 00:00, 08:30 and
        // 23:59:59, from events at the seconds where the day or the offset can turn and at the
        // start itself.
        let terms = [
            DateRange {
                first: d("2023-10-23"),
                last: d("2023-10-27"),
            },
            DateRange {
                first: d("2023-12-21"),
                last: d("2024-01-03"),
            },
            DateRange {
                first: d("2024-01-02"),
                last: d("2024-01-05"),
            },
            DateRange {
                first: d("2024-05-24"),
                last: d("2024-05-31"),
            },
            DateRange {
                first: d("2026-03-30"),
                last: d("2026-04-10"),
            },
        ];
        let beyond = [DateRange {
            first: d("2030-12-20"),
            last: d("2031-01-10"),
        }];
        let closure_sets: [&[DateRange]; 3] = [&[], &terms, &beyond];
        let first = ymd(2019, 12, 24).days_since_epoch();
        let last = ymd(2031, 1, 7).days_since_epoch();
        let mut stepped = 0;
        for closures in closure_sets {
            for start in [0, DEFAULT_SCHOOL_DAY_START, LAST_SECOND] {
                let cfg = CalendarConfig {
                    school_closures: closures,
                    school_day_start: start,
                    ..CalendarConfig::default()
                };
                for day in first..=last {
                    let starts_at = i64::from(start);
                    for secs in [
                        0,
                        3599,
                        3600,
                        27_000,
                        starts_at - 3600,
                        starts_at,
                        82_800,
                        86_399,
                    ] {
                        let event = Instant::from_unix(day * SECS_PER_DAY + secs.max(0));
                        assert_eq!(
                            next_school_day_start(event, &cfg),
                            walk_school_days(event, start, &cfg),
                            "{event}, start {start}, closures {closures:?}"
                        );
                        stepped += usize::from(
                            next_school_day_start_built_in(event, start, closures).is_some(),
                        );
                    }
                }
            }
        }
        assert!(stepped > 3 * 3 * 4_000 * 7, "{stepped}");
    }

    #[test]
    fn the_derived_day_tables_match_the_dated_ones() {
        let dates = BUILT_IN.iter().flat_map(|year| year.iter());
        let days: Vec<i32> = dates.map(|d| d.days_since_epoch() as i32).collect();
        assert_eq!(days, BUILT_IN_DAYS);
        for (i, year) in BUILT_IN_YEARS.enumerate() {
            let spring = crate::time::last_sunday(year, 3).days_since_epoch();
            let autumn = crate::time::last_sunday(year, 10).days_since_epoch();
            assert_eq!(
                (CLOCK_CHANGE_DAYS[2 * i], CLOCK_CHANGE_DAYS[2 * i + 1]),
                (spring as i32, autumn as i32)
            );
        }
        assert_eq!(BUILT_IN_FROM, uk_instant(ymd(2020, 1, 1), 0));
        assert_eq!(BUILT_IN_UNTIL, uk_instant(ymd(2031, 1, 1), 0));
    }

    #[test]
    fn weekdays_are_added_in_closed_form() {
        // Against counting them one by one, from every day of a fortnight.
        for start in 0..14 {
            let mut walked = start;
            for n in 1..=30 {
                walked += 1;
                while (walked + 3_i64).rem_euclid(7) >= 5 {
                    walked += 1;
                }
                assert_eq!(plus_weekdays(start, n), walked, "{start} + {n}");
            }
        }
    }

    #[test]
    fn working_days_with_extras_and_long_counts() {
        let extras = [d("2024-03-11")];
        let c = CalendarConfig {
            extra_bank_holidays: &extras,
            ..CalendarConfig::default()
        };
        let e = t("2024-03-08T10:00:00Z");
        assert_eq!(working_days_after(e, 1, &c), t("2024-03-12T23:59:59Z"));
        // u16::MAX working days: about 262 years, still a real date.
        let far = working_days_after(e, u16::MAX, &cfg());
        assert!(far > t("2200-01-01T00:00:00Z") && far < NEVER);
        let (day, secs) = uk_civil(far);
        assert!(is_working_day(day, &cfg()));
        assert_eq!(secs, LAST_SECOND);
    }

    #[test]
    fn school_day_start_in_gmt_and_bst() {
        let c = cfg();
        // Monday 11 March 2024 (GMT).
        for (event, want) in [
            ("2024-03-11T07:00:00Z", "2024-03-11T08:30:00Z"),
            ("2024-03-11T08:29:59Z", "2024-03-11T08:30:00Z"),
            ("2024-03-11T08:30:00Z", "2024-03-12T08:30:00Z"),
            ("2024-03-11T00:00:00Z", "2024-03-11T08:30:00Z"),
            // Monday 10 June 2024 (BST): 08:30 BST is 07:30Z.
            ("2024-06-10T06:00:00Z", "2024-06-10T07:30:00Z"),
            ("2024-06-10T07:29:59Z", "2024-06-10T07:30:00Z"),
            ("2024-06-10T07:30:00Z", "2024-06-11T07:30:00Z"),
            // Sunday 9 June 23:30 UTC is Monday 00:30 BST.
            ("2024-06-09T23:30:00Z", "2024-06-10T07:30:00Z"),
        ] {
            assert_eq!(next_school_day_start(t(event), &c), t(want), "{event}");
        }
    }

    #[test]
    fn school_day_start_over_weekends_and_holidays() {
        let c = cfg();
        for (event, want) in [
            // Friday 8 March 2024, 20:00 GMT → Monday 08:30.
            ("2024-03-08T20:00:00Z", "2024-03-11T08:30:00Z"),
            // Saturday.
            ("2024-03-09T12:00:00Z", "2024-03-11T08:30:00Z"),
            // Thursday before Easter 2024, after the start: Tuesday 2 April, 08:30 BST.
            ("2024-03-28T10:00:00Z", "2024-04-02T07:30:00Z"),
            // Christmas Eve 2024 afternoon → Friday 27 December.
            ("2024-12-24T15:00:00Z", "2024-12-27T08:30:00Z"),
            // Friday 25 October 2024 (BST) evening → Monday 28 (GMT again).
            ("2024-10-25T18:00:00Z", "2024-10-28T08:30:00Z"),
        ] {
            assert_eq!(next_school_day_start(t(event), &c), t(want), "{event}");
        }
    }

    #[test]
    fn school_day_start_skips_closures() {
        let closures = [
            DateRange {
                first: d("2024-02-12"),
                last: d("2024-02-14"),
            },
            DateRange {
                first: d("2024-02-13"),
                last: d("2024-02-16"),
            },
            DateRange {
                first: d("2024-02-19"),
                last: d("2024-02-19"),
            },
            // Empty: ignored.
            DateRange {
                first: d("2024-02-21"),
                last: d("2024-02-20"),
            },
        ];
        let c = CalendarConfig {
            school_closures: &closures,
            ..CalendarConfig::default()
        };
        for (event, want) in [
            // Friday 9 February after school → past both overlapping closures and the Monday.
            ("2024-02-09T16:00:00Z", "2024-02-20T08:30:00Z"),
            // During the closure.
            ("2024-02-14T07:00:00Z", "2024-02-20T08:30:00Z"),
            ("2024-02-20T08:00:00Z", "2024-02-20T08:30:00Z"),
            ("2024-02-20T09:00:00Z", "2024-02-21T08:30:00Z"),
        ] {
            assert_eq!(next_school_day_start(t(event), &c), t(want), "{event}");
        }
        // A closure ending on a Friday: the next school day is Monday (BST).
        let summer = [DateRange {
            first: d("2024-07-23"),
            last: d("2024-09-06"),
        }];
        let c = CalendarConfig {
            school_closures: &summer,
            ..CalendarConfig::default()
        };
        assert_eq!(
            next_school_day_start(t("2024-07-22T12:00:00Z"), &c),
            t("2024-09-09T07:30:00Z")
        );
    }

    #[test]
    fn school_day_custom_start() {
        let c = CalendarConfig {
            school_day_start: 9 * 3600 + 15 * 60,
            ..CalendarConfig::default()
        };
        assert_eq!(
            next_school_day_start(t("2024-03-11T08:45:00Z"), &c),
            t("2024-03-11T09:15:00Z")
        );
        assert_eq!(
            next_school_day_start(t("2024-03-11T09:15:00Z"), &c),
            t("2024-03-12T09:15:00Z")
        );
        assert_eq!(
            next_school_day_start(t("2024-06-11T08:00:00Z"), &c),
            t("2024-06-11T08:15:00Z")
        );
        // Midnight start.
        let c = CalendarConfig {
            school_day_start: 0,
            ..CalendarConfig::default()
        };
        assert_eq!(
            next_school_day_start(t("2024-03-11T00:00:00Z"), &c),
            t("2024-03-12T00:00:00Z")
        );
        // Out-of-range start is read as 23:59:59.
        let c = CalendarConfig {
            school_day_start: u32::MAX,
            ..CalendarConfig::default()
        };
        assert_eq!(
            next_school_day_start(t("2024-03-11T12:00:00Z"), &c),
            t("2024-03-11T23:59:59Z")
        );
    }

    #[test]
    fn hearing_weekday_service() {
        // Monday 11 March 2024, 10:00 GMT → Wednesday 10:00.
        assert_eq!(
            hearing_deadline(t("2024-03-11T10:00:00Z"), &cfg()),
            t("2024-03-13T10:00:00Z")
        );
        // Thursday 10:00: Thursday 14h + Friday 24h + Saturday 10h → Saturday 10:00.
        assert_eq!(
            hearing_deadline(t("2024-03-07T10:00:00Z"), &cfg()),
            t("2024-03-09T10:00:00Z")
        );
        // Friday 10:00: Friday 14h + Saturday 24h, Sunday skipped, Monday 10h.
        assert_eq!(
            hearing_deadline(t("2024-03-08T10:00:00Z"), &cfg()),
            t("2024-03-11T10:00:00Z")
        );
    }

    #[test]
    fn hearing_saturday_and_sunday_service() {
        // Saturday 9 March 10:00 → Sat 14h + Mon 24h + Tue 10h.
        assert_eq!(
            hearing_deadline(t("2024-03-09T10:00:00Z"), &cfg()),
            t("2024-03-12T10:00:00Z")
        );
        // Sunday 10 March at any hour → counting from Monday 00:00 → Wednesday 00:00.
        for at in [
            "2024-03-10T00:00:00Z",
            "2024-03-10T15:00:00Z",
            "2024-03-10T23:59:59Z",
        ] {
            assert_eq!(
                hearing_deadline(t(at), &cfg()),
                t("2024-03-13T00:00:00Z"),
                "{at}"
            );
        }
        // Friday 00:00 → the 48th hour ends exactly at Sunday 00:00, which is the deadline.
        assert_eq!(
            hearing_deadline(t("2024-03-08T00:00:00Z"), &cfg()),
            t("2024-03-10T00:00:00Z")
        );
        // One second later runs over the Sunday.
        assert_eq!(
            hearing_deadline(t("2024-03-08T00:00:01Z"), &cfg()),
            t("2024-03-11T00:00:01Z")
        );
    }

    #[test]
    fn hearing_over_christmas() {
        // Tuesday 24 December 2024, 09:00: 15h, skip 25 and 26, 27th 24h, 28th 9h.
        assert_eq!(
            hearing_deadline(t("2024-12-24T09:00:00Z"), &cfg()),
            t("2024-12-28T09:00:00Z")
        );
        // Served on Christmas Day → counting from Friday 27 00:00: 27th and 28th whole → the
        // 48th hour ends exactly at Sunday 29 00:00.
        assert_eq!(
            hearing_deadline(t("2024-12-25T12:00:00Z"), &cfg()),
            t("2024-12-29T00:00:00Z")
        );
        // 2021: Christmas Day is a Saturday (not in the table) but still disregarded; Sunday
        // 26, Monday 27 and Tuesday 28 too. Friday 24 12:00: 12h, then 29 24h, 30 12h.
        assert_eq!(
            hearing_deadline(t("2021-12-24T12:00:00Z"), &cfg()),
            t("2021-12-30T12:00:00Z")
        );
    }

    #[test]
    fn hearing_saturday_boxing_day_counts_as_ordinary() {
        // 2026: Friday 25 (Christmas), Saturday 26 (ordinary), Sunday 27, Monday 28 (bank
        // holiday). Served Saturday 26, 10:00: 14h, then Tuesday 29 24h, Wednesday 30 10h.
        assert!(!is_disregarded_for_hearing(d("2026-12-26"), &cfg()));
        assert_eq!(
            hearing_deadline(t("2026-12-26T10:00:00Z"), &cfg()),
            t("2026-12-30T10:00:00Z")
        );
        // 2020 likewise: Thursday 24 December 12:00: 12h, skip 25, Saturday 26 24h, skip 27
        // and 28, Tuesday 29 12h.
        assert!(!is_disregarded_for_hearing(d("2020-12-26"), &cfg()));
        assert_eq!(
            hearing_deadline(t("2020-12-24T12:00:00Z"), &cfg()),
            t("2020-12-29T12:00:00Z")
        );
    }

    #[test]
    fn hearing_over_easter() {
        // Thursday 17 April 2025, 12:00 BST: 12h, skip Good Friday, Saturday 24h, skip Sunday
        // and Easter Monday, Tuesday 12h → Tuesday 22 April 12:00 BST.
        assert_eq!(
            hearing_deadline(t("2025-04-17T11:00:00Z"), &cfg()),
            t("2025-04-22T11:00:00Z")
        );
        // Served on Good Friday → from Saturday 00:00: 24h, then Tuesday 24h → Wednesday 00:00
        // BST.
        assert_eq!(
            hearing_deadline(t("2025-04-18T11:00:00Z"), &cfg()),
            t("2025-04-22T23:00:00Z")
        );
        // Good Friday is disregarded even where no table or rule lists it as a bank holiday
        // (an extra-free config in a computed year still has it; here checked directly).
        assert!(is_disregarded_for_hearing(d("2035-03-23"), &cfg()));
        assert!(is_disregarded_for_hearing(d("2031-12-25"), &cfg()));
        assert!(is_disregarded_for_hearing(d("2021-12-25"), &cfg()));
        assert!(!is_disregarded_for_hearing(d("2025-04-19"), &cfg()));
    }

    #[test]
    fn hearing_over_clock_changes() {
        // Saturday 29 March 2025 12:00 GMT: Sat 12h, Sunday (clocks forward) skipped, Mon 24h,
        // Tue 12h → Tuesday 1 April 12:00 BST = 11:00Z, 71 real hours later.
        let service = t("2025-03-29T12:00:00Z");
        let deadline = hearing_deadline(service, &cfg());
        assert_eq!(deadline, t("2025-04-01T11:00:00Z"));
        assert_eq!(deadline.unix() - service.unix(), 71 * 3600);
        // Saturday 25 October 2025 12:00 BST (11:00Z): Sunday (clocks back) skipped, Monday
        // and Tuesday in GMT → Tuesday 28 October 12:00 GMT.
        assert_eq!(
            hearing_deadline(t("2025-10-25T11:00:00Z"), &cfg()),
            t("2025-10-28T12:00:00Z")
        );
        // Served on the spring-forward Sunday itself → Monday 00:00 BST + 48h.
        assert_eq!(
            hearing_deadline(t("2025-03-30T12:00:00Z"), &cfg()),
            t("2025-04-01T23:00:00Z")
        );
    }

    #[test]
    fn hearing_with_extra_bank_holiday_and_computed_years() {
        let extras = [d("2024-03-12")];
        let c = CalendarConfig {
            extra_bank_holidays: &extras,
            ..CalendarConfig::default()
        };
        assert_eq!(
            hearing_deadline(t("2024-03-11T10:00:00Z"), &c),
            t("2024-03-14T10:00:00Z")
        );
        // 2035 (computed): Good Friday 23 March, clocks forward Sunday 25, Easter Monday 26.
        // Thursday 22 10:00 GMT: 14h, Saturday 24h, Tuesday 10h → 10:00 BST.
        assert_eq!(
            hearing_deadline(t("2035-03-22T10:00:00Z"), &cfg()),
            t("2035-03-27T09:00:00Z")
        );
    }

    #[test]
    fn hearing_deadline_always_counts_exactly_48_hours() {
        // Over 2024–2026, sampled every 77 minutes: the counted time between service and
        // deadline is 48 hours, and the deadline never falls inside a disregarded day (except
        // at its opening midnight).
        let c = cfg();
        let mut at = t("2024-01-01T00:00:00Z");
        let end = t("2027-01-01T00:00:00Z");
        while at < end {
            let deadline = hearing_deadline(at, &c);
            let mut counted = 0;
            let mut s = at;
            while s < deadline {
                let (day, _) = uk_civil(s);
                let next = uk_instant(day.next(), 0).min(deadline);
                if !is_disregarded_for_hearing(day, &c) {
                    counted += next.unix() - s.unix();
                }
                s = next;
            }
            assert_eq!(counted, HEARING_SECS, "{at}");
            let (day, secs) = uk_civil(deadline);
            assert!(
                !is_disregarded_for_hearing(day, &c) || secs == 0,
                "{at} → {deadline}"
            );
            at = at.plus_secs(3600 + 17 * 60);
        }
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

    #[test]
    fn long_closures_are_jumped_and_the_walk_is_bounded() {
        // A closure ending inside the walk bound is jumped in one step.
        let long = [DateRange {
            first: d("2024-01-01"),
            last: d("2900-12-30"),
        }];
        let c = CalendarConfig {
            school_closures: &long,
            ..CalendarConfig::default()
        };
        assert_eq!(
            next_school_day_start(t("2024-03-11T07:00:00Z"), &c),
            uk_instant(d("2900-12-31"), DEFAULT_SCHOOL_DAY_START)
        );
        // One ending more than MAX_WALK_DAYS after the event: no school day is found.
        let beyond = [DateRange {
            first: d("2024-01-01"),
            last: d("3100-12-31"),
        }];
        let c = CalendarConfig {
            school_closures: &beyond,
            ..CalendarConfig::default()
        };
        assert_eq!(next_school_day_start(t("2024-03-11T07:00:00Z"), &c), NEVER);
        // Back-to-back closures are each jumped.
        let chain: Vec<DateRange> = (0..2000)
            .map(|k| DateRange {
                first: d("2024-01-01").plus_days(k * 7),
                last: d("2024-01-01").plus_days(k * 7 + 6),
            })
            .collect();
        let c = CalendarConfig {
            school_closures: &chain,
            ..CalendarConfig::default()
        };
        let resume = d("2024-01-01").plus_days(14_000);
        let got = next_school_day_start(t("2024-01-01T12:00:00Z"), &c);
        let (day, secs) = uk_civil(got);
        assert!(day >= resume && is_school_day(day, &c), "{got}");
        assert!(days_between(resume, day) < 7);
        assert_eq!(secs, DEFAULT_SCHOOL_DAY_START);
    }
}
