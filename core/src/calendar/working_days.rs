//! Working days and "within N working days of E" (`docs/CATALOGUE.md` §1.1): by 23:59:59 UK civil time on
//! the N-th working day after the UK civil day of E, by arithmetic inside the built-in years
//! and by walking the calendar elsewhere.

use super::built_in_years::{
    built_in_civil_day, built_in_civil_instant, built_in_working_day_after,
};
use super::{
    CalendarConfig, LAST_DATE, LAST_SECOND, MAX_WALK_DAYS, NEVER, is_bank_holiday, is_weekend,
    weekday_index,
};
use crate::time::{Date, Instant, uk_civil, uk_instant};

/// Whether `date` is a working day: Monday to Friday and not a bank holiday.
#[must_use]
pub fn is_working_day(date: Date, cfg: &CalendarConfig<'_>) -> bool {
    !is_weekend(date.weekday()) && !is_bank_holiday(date, cfg)
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
/// or a walk that would pass it or about 1000 years of days, gives `Instant::from_unix(i64::MAX)`. An
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

/// [`working_days_after`] by arithmetic rather than by walking, for an event inside the
/// built-in years whose deadline also falls inside them, with no extra holidays configured;
/// `None` otherwise (the walk then answers).
fn working_days_after_built_in(event: Instant, n: u16) -> Option<Instant> {
    let day = built_in_working_day_after(built_in_civil_day(event)?, n)?;
    Some(built_in_civil_instant(day, LAST_SECOND))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::testkit::{cfg, d, t};
    use crate::time::SECS_PER_DAY;
    use crate::time::date;

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
        let first = date(2019, 12, 24).days_since_epoch();
        let last = date(2031, 1, 7).days_since_epoch();
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
    fn working_days_across_the_diamond_jubilee() {
        // 2012: the spring holiday moved from Monday 28 May to Monday 4 June, and Tuesday 5 June
        // was an extra one. Friday 1 June, 10:00 BST: one working day later is Wednesday 6.
        let e = t("2012-06-01T09:00:00Z");
        assert_eq!(working_days_after(e, 1, &cfg()), t("2012-06-06T22:59:59Z"));
        assert_eq!(working_days_after(e, 2, &cfg()), t("2012-06-07T22:59:59Z"));
        // Friday 25 May: Monday 28 May is an ordinary working day that year; six working days
        // run 28 May to 1 June, then Wednesday 6 June.
        let e = t("2012-05-25T09:00:00Z");
        assert_eq!(working_days_after(e, 1, &cfg()), t("2012-05-28T22:59:59Z"));
        let deadline = working_days_after(e, 6, &cfg());
        assert_eq!(deadline, t("2012-06-06T22:59:59Z"));
        // The year is still outside the built-in table: the flag stays.
        assert!(crate::calendar::touches_computed_years(e, deadline));
    }
}
