//! School days and "before the start of the next school day after E" (`docs/CATALOGUE.md` §1.1): the
//! configured school-day start on the first school day, a working day outside every configured
//! closure, whose start is strictly after E.

use super::built_in_years::{
    LAST_BUILT_IN_DAY, built_in_civil_day, built_in_civil_instant, built_in_working_day_after,
    is_built_in_working_day,
};
use super::{
    CalendarConfig, DateRange, LAST_DATE, LAST_SECOND, MAX_WALK_DAYS, NEVER, days_between,
    is_working_day,
};
use crate::time::{Date, Instant, uk_civil, uk_instant};

/// Whether `date` is a school day: a working day that no configured school closure contains.
#[must_use]
pub fn is_school_day(date: Date, cfg: &CalendarConfig<'_>) -> bool {
    is_working_day(date, cfg) && !cfg.school_closures.iter().any(|r| r.contains(date))
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
/// closure costs no more than a short one. If no school day starts within about 1000 years
/// of the event's day, or before the end of the calendar, the result is
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::DEFAULT_SCHOOL_DAY_START;
    use crate::calendar::testkit::{cfg, d, t};
    use crate::time::SECS_PER_DAY;
    use crate::time::date;

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
        let first = date(2019, 12, 24).days_since_epoch();
        let last = date(2031, 1, 7).days_since_epoch();
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

    #[test]
    fn school_day_start_across_the_royal_wedding_of_2011() {
        // Thursday 28 April 2011, 20:00 UTC (21:00 BST): Friday 29 April (the royal wedding)
        // and Monday 2 May (early May) are both bank holidays → Tuesday 3 May, 08:30 BST.
        assert_eq!(
            next_school_day_start(t("2011-04-28T20:00:00Z"), &cfg()),
            t("2011-05-03T07:30:00Z")
        );
        assert!(!is_school_day(d("2011-04-29"), &cfg()));
    }
}
