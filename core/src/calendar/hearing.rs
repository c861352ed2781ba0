//! The 48-hour rule of the protection-order hearing: "not later than 48 hours after service,
//! disregarding any Sunday, Christmas Day, Good Friday and bank holiday" (Crime and Security Act
//! 2010 s27, Domestic Abuse Act 2021 s29; `docs/CATALOGUE.md` §1.1), counted in UK civil days.

use super::{
    CalendarConfig, LAST_DATE, MAX_WALK_DAYS, NEVER, days_between, easter_sunday, is_bank_holiday,
};
use crate::time::{Date, Instant, SECS_PER_HOUR, Weekday, uk_civil, uk_instant};

/// The 48 hours of the hearing rule, in seconds.
const HEARING_SECS: i64 = 48 * SECS_PER_HOUR;

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
/// Abuse Act 2021 s29), counted as `docs/CATALOGUE.md` §1.1 says.
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
/// about 1000 years of days, gives `Instant::from_unix(i64::MAX)`.
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::testkit::{cfg, d, t};

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
    fn hearing_over_the_golden_jubilee() {
        // 2002: Monday 3 June (extra) and Tuesday 4 June (the spring holiday, moved from Monday
        // 27 May) are disregarded; 27 May is an ordinary day that year.
        assert!(is_disregarded_for_hearing(d("2002-06-03"), &cfg()));
        assert!(is_disregarded_for_hearing(d("2002-06-04"), &cfg()));
        assert!(!is_disregarded_for_hearing(d("2002-05-27"), &cfg()));
        // Friday 31 May 2002, 10:00 BST: Friday 14h, Saturday 24h, skip Sunday 2 to Tuesday 4
        // June, Wednesday 5 June 10h → 10:00 BST.
        assert_eq!(
            hearing_deadline(t("2002-05-31T09:00:00Z"), &cfg()),
            t("2002-06-05T09:00:00Z")
        );
        // Served Sunday 26 May: counting from Monday 27 00:00 BST → Wednesday 29 00:00 BST.
        assert_eq!(
            hearing_deadline(t("2002-05-26T12:00:00Z"), &cfg()),
            t("2002-05-28T23:00:00Z")
        );
    }
}
