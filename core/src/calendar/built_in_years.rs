//! The arithmetic that answers working-day and school-day questions inside the built-in years
//! without walking the calendar: UK civil day numbers with the clock changes from a table of
//! the years' last Sundays, the n-th weekday in closed form, and the n-th working day, found by
//! counting the built-in holidays passed in [`BUILT_IN_DAYS`].
//!
//! The walks of [`super::working_days`] and [`super::school_days`] are the definition; their
//! tests check this arithmetic against them on every day of the built-in years.

use super::bank_holidays::{BUILT_IN, BUILT_IN_DAYS};
use super::{FIRST_BUILT_IN_YEAR, LAST_BUILT_IN_YEAR, date};
use crate::time::{Instant, SECS_PER_DAY, SECS_PER_HOUR};

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
    let last = date(year, month, 31).days_since_epoch();
    // 1970-01-01 was a Thursday: (days + 3) mod 7 counts from Monday = 0.
    (last - ((last + 3).rem_euclid(7) + 1) % 7) as i32
}

/// The first instant of the built-in years (2020-01-01 00:00, GMT) and the first after them
/// (2031-01-01 00:00, GMT).
const BUILT_IN_FROM: Instant = date(FIRST_BUILT_IN_YEAR, 1, 1).utc_midnight();
const BUILT_IN_UNTIL: Instant = date(LAST_BUILT_IN_YEAR + 1, 1, 1).utc_midnight();
/// The day number of 31 December of the last built-in year.
pub(super) const LAST_BUILT_IN_DAY: i64 = date(LAST_BUILT_IN_YEAR, 12, 31).days_since_epoch();

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
pub(super) fn built_in_civil_day(event: Instant) -> Option<i64> {
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
pub(super) fn built_in_working_day_after(mut day: i64, n: u16) -> Option<i64> {
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
pub(super) fn is_built_in_working_day(day: i64) -> bool {
    day.wrapping_add(3).rem_euclid(7) < 5 && BUILT_IN_DAYS.binary_search(&(day as i32)).is_err()
}

/// The instant at which UK civil clocks show `secs` seconds after midnight (below a day) on
/// day number `day` inside the built-in years, which must not be a clock-change Sunday unless
/// `secs` is past the change (23:59:59 always is): BST runs from the spring Sunday to the day
/// before the autumn Sunday.
pub(super) fn built_in_civil_instant(day: i64, secs: u32) -> Instant {
    let summer = count_up_to(&CLOCK_CHANGE_DAYS, day) % 2 == 1;
    let naive = day.wrapping_mul(SECS_PER_DAY).wrapping_add(i64::from(secs));
    Instant::from_unix(if summer {
        naive.wrapping_sub(SECS_PER_HOUR)
    } else {
        naive
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::BUILT_IN_YEARS;
    use crate::time::uk_instant;

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
        assert_eq!(BUILT_IN_FROM, uk_instant(date(2020, 1, 1), 0));
        assert_eq!(BUILT_IN_UNTIL, uk_instant(date(2031, 1, 1), 0));
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
}
