//! England and Wales bank holidays: the built-in table for [`BUILT_IN_YEARS`], Easter, the
//! standing rules that give every other year's dates, and [`is_bank_holiday`], which chooses
//! between them and adds a force's configured extras (`docs/CATALOGUE.md` §1.1).

use super::{BUILT_IN_YEARS, CalendarConfig, FIRST_DATE, date, is_weekend};
#[cfg(test)]
use super::{FIRST_BUILT_IN_YEAR, weekday_index};
use crate::time::{Date, Weekday};

const BANK_HOLIDAYS_2020: [Date; 8] = [
    date(2020, 1, 1),
    date(2020, 4, 10),
    date(2020, 4, 13),
    date(2020, 5, 8), // early May moved from 4 May (VE Day 75)
    date(2020, 5, 25),
    date(2020, 8, 31),
    date(2020, 12, 25),
    date(2020, 12, 28),
];
const BANK_HOLIDAYS_2021: [Date; 8] = [
    date(2021, 1, 1),
    date(2021, 4, 2),
    date(2021, 4, 5),
    date(2021, 5, 3),
    date(2021, 5, 31),
    date(2021, 8, 30),
    date(2021, 12, 27),
    date(2021, 12, 28),
];
const BANK_HOLIDAYS_2022: [Date; 10] = [
    date(2022, 1, 3),
    date(2022, 4, 15),
    date(2022, 4, 18),
    date(2022, 5, 2),
    date(2022, 6, 2), // spring bank holiday moved from 30 May (Platinum Jubilee)
    date(2022, 6, 3), // Platinum Jubilee
    date(2022, 8, 29),
    date(2022, 9, 19), // State funeral of Queen Elizabeth II
    date(2022, 12, 26),
    date(2022, 12, 27),
];
const BANK_HOLIDAYS_2023: [Date; 9] = [
    date(2023, 1, 2),
    date(2023, 4, 7),
    date(2023, 4, 10),
    date(2023, 5, 1),
    date(2023, 5, 8), // Coronation of King Charles III
    date(2023, 5, 29),
    date(2023, 8, 28),
    date(2023, 12, 25),
    date(2023, 12, 26),
];
const BANK_HOLIDAYS_2024: [Date; 8] = [
    date(2024, 1, 1),
    date(2024, 3, 29),
    date(2024, 4, 1),
    date(2024, 5, 6),
    date(2024, 5, 27),
    date(2024, 8, 26),
    date(2024, 12, 25),
    date(2024, 12, 26),
];
const BANK_HOLIDAYS_2025: [Date; 8] = [
    date(2025, 1, 1),
    date(2025, 4, 18),
    date(2025, 4, 21),
    date(2025, 5, 5),
    date(2025, 5, 26),
    date(2025, 8, 25),
    date(2025, 12, 25),
    date(2025, 12, 26),
];
const BANK_HOLIDAYS_2026: [Date; 8] = [
    date(2026, 1, 1),
    date(2026, 4, 3),
    date(2026, 4, 6),
    date(2026, 5, 4),
    date(2026, 5, 25),
    date(2026, 8, 31),
    date(2026, 12, 25),
    date(2026, 12, 28),
];
const BANK_HOLIDAYS_2027: [Date; 8] = [
    date(2027, 1, 1),
    date(2027, 3, 26),
    date(2027, 3, 29),
    date(2027, 5, 3),
    date(2027, 5, 31),
    date(2027, 8, 30),
    date(2027, 12, 27),
    date(2027, 12, 28),
];
const BANK_HOLIDAYS_2028: [Date; 8] = [
    date(2028, 1, 3),
    date(2028, 4, 14),
    date(2028, 4, 17),
    date(2028, 5, 1),
    date(2028, 5, 29),
    date(2028, 8, 28),
    date(2028, 12, 25),
    date(2028, 12, 26),
];
const BANK_HOLIDAYS_2029: [Date; 8] = [
    date(2029, 1, 1),
    date(2029, 3, 30),
    date(2029, 4, 2),
    date(2029, 5, 7),
    date(2029, 5, 28),
    date(2029, 8, 27),
    date(2029, 12, 25),
    date(2029, 12, 26),
];
const BANK_HOLIDAYS_2030: [Date; 8] = [
    date(2030, 1, 1),
    date(2030, 4, 19),
    date(2030, 4, 22),
    date(2030, 5, 6),
    date(2030, 5, 27),
    date(2030, 8, 26),
    date(2030, 12, 25),
    date(2030, 12, 26),
];

/// The built-in table, one entry per year of [`BUILT_IN_YEARS`], in order.
pub(super) static BUILT_IN: [&[Date]; 11] = [
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
pub(super) static BUILT_IN_DAYS: [i32; BUILT_IN_COUNT] = {
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

/// The built-in England and Wales bank holidays of `year`, in date order, exactly as `docs/CATALOGUE.md` §1.1
/// §1.1 lists them (with the one-off changes of 2020, 2022 and 2023); `None` outside
/// [`BUILT_IN_YEARS`].
#[cfg(test)]
#[must_use]
pub(crate) fn built_in_bank_holidays(year: i32) -> Option<&'static [Date]> {
    let index = usize::try_from(i64::from(year) - i64::from(FIRST_BUILT_IN_YEAR)).ok()?;
    BUILT_IN.get(index).copied()
}

/// The date of Easter Sunday in `year` (Gregorian calendar), by the anonymous Gregorian
/// algorithm (Meeus/Jones/Butcher), with floor division so that it also holds for the
/// proleptic years before 1583 and before year 1.
///
/// `year` is clamped to the years [`Date`] can hold, -9999 to 9999.
#[must_use]
pub(crate) const fn easter_sunday(year: i32) -> Date {
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
    // n / 31 is 3 or 4 and n % 31 + 1 is 1..=31, and Easter Sunday falls between 22 March and
    // 25 April: a real date every year, so the first day of the calendar is never returned.
    match Date::new(year, (n / 31) as u8, (n % 31 + 1) as u8) {
        Some(easter) => easter,
        None => FIRST_DATE,
    }
}

/// The England and Wales bank holidays of `year` by the standing rules, in date order:
/// New Year's Day (or the Monday after, if it falls at a weekend), Good Friday, Easter Monday,
/// the first Monday of May, the last Monday of May, the last Monday of August, and Christmas
/// Day and Boxing Day with substitute weekdays (25 December on a Saturday: Monday 27 and
/// Tuesday 28; on a Sunday: Monday 26 as Boxing Day and Tuesday 27 as the Christmas
/// substitute; 26 December on a Saturday: Monday 28).
///
/// There are always exactly eight: this is the standing rules alone, kept pure so that it can
/// be checked against them. One-off changes are not part of the rules: those of 2020, 2022 and
/// 2023 are in [`built_in_bank_holidays`], and those proclaimed before the built-in years (1981
/// to 2012) are applied by [`is_bank_holiday`], not here; so for 1981, 1995, 1999, 2002, 2011
/// and 2012 this list is not that year's bank holidays. `None` for a year [`Date`] cannot hold
/// (outside -9999 to 9999).
#[cfg(test)]
#[must_use]
pub(crate) fn computed_bank_holidays(year: i32) -> Option<[Date; 8]> {
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

/// The years of the one-off changes before the built-in table: no date outside them is in
/// [`ONE_OFF_HOLIDAYS`] or [`ONE_OFF_MOVED_FROM`] (the tests check).
const ONE_OFF_YEARS: core::ops::RangeInclusive<i32> = 1981..=2012;

/// The day number (days since 1970-01-01) of a date known to exist, for the one-off tables.
const fn day_number(year: i32, month: u8, day: u8) -> i32 {
    // 1981–2012: the day number fits in i32 many times over.
    date(year, month, day).days_since_epoch() as i32
}

/// The days proclaimed England and Wales bank holidays, before the built-in years, beyond the
/// standing rules of [`computed_bank_holidays`] (`docs/CATALOGUE.md` §1.1, revised 2026-12-02): the extra
/// days, and the days to which a standing-rule holiday was moved (that holiday is in
/// [`ONE_OFF_MOVED_FROM`]). Each was appointed by royal proclamation under the Banking and
/// Financial Dealings Act 1971: an extra day under s1(3) (a special day appointed as a bank
/// holiday), a moved day under s1(2) (a scheduled day directed not to be a bank holiday, with
/// another appointed in its place). Historic cases reach these years (Operation Encompass from
/// 2011, DVPN pilots from 2011).
///
/// Day numbers rather than dates: a few bytes of flash each. [`is_bank_holiday`] applies them
/// for every year outside [`BUILT_IN_YEARS`], so every deadline counted over these years uses
/// them (the working-day and school-day walks, and the 48-hour rule's bank-holiday test beside
/// its own Sunday, Christmas Day and Good Friday checks); [`super::touches_computed_years`]
/// still flags the years as computed.
static ONE_OFF_HOLIDAYS: [i32; 8] = [
    day_number(1981, 7, 29), // s1(3): wedding of the Prince of Wales and Lady Diana Spencer
    day_number(1995, 5, 8),  // s1(2): early May holiday moved from 1 May (VE Day's 50th)
    day_number(1999, 12, 31), // s1(3): the Millennium
    day_number(2002, 6, 3),  // s1(3): the Golden Jubilee
    day_number(2002, 6, 4),  // s1(2): spring holiday moved from 27 May (Golden Jubilee)
    day_number(2011, 4, 29), // s1(3): wedding of Prince William and Catherine Middleton
    day_number(2012, 6, 4),  // s1(2): spring holiday moved from 28 May (Diamond Jubilee)
    day_number(2012, 6, 5),  // s1(3): the Diamond Jubilee
];

/// The standing-rule bank holidays that a proclamation under s1(2) of the 1971 Act moved to a
/// day of [`ONE_OFF_HOLIDAYS`]: ordinary days in their years.
static ONE_OFF_MOVED_FROM: [i32; 3] = [
    day_number(1995, 5, 1),  // to 8 May 1995
    day_number(2002, 5, 27), // to 4 June 2002
    day_number(2012, 5, 28), // to 4 June 2012
];

/// Whether `date` is a bank holiday by the standing rules with the one-off changes before the
/// built-in years applied: [`ONE_OFF_HOLIDAYS`] are, [`ONE_OFF_MOVED_FROM`] are not, and
/// [`is_computed_bank_holiday`] decides every other date. Outside [`ONE_OFF_YEARS`] (almost
/// every call) this costs one comparison of the year.
fn is_rules_bank_holiday(date: Date) -> bool {
    if ONE_OFF_YEARS.contains(&date.year()) {
        // Years 1981–2012: the day number fits in i32.
        let day = date.days_since_epoch() as i32;
        if ONE_OFF_HOLIDAYS.contains(&day) {
            return true;
        }
        if ONE_OFF_MOVED_FROM.contains(&day) {
            return false;
        }
    }
    is_computed_bank_holiday(date)
}

/// Whether `date` is an England and Wales bank holiday: the built-in table for 2020 to 2030
/// (`docs/CATALOGUE.md` §1.1); for other years the standing rules (New Year's Day, Good Friday,
/// Easter Monday, the first and last Mondays of May, the last Monday of August, Christmas Day
/// and Boxing Day, with substitute weekdays) with the one-off
/// changes proclaimed before the table (`docs/CATALOGUE.md` §1.1): extra days 29 July 1981, 31 December
/// 1999, 3 June 2002, 29 April 2011 and 5 June 2012, and the standing-rule holidays of 1 May
/// 1995, 27 May 2002 and 28 May 2012 moved to 8 May 1995, 4 June 2002 and 4 June 2012; and any
/// of `cfg.extra_bank_holidays` in every year.
#[must_use]
pub fn is_bank_holiday(date: Date, cfg: &CalendarConfig<'_>) -> bool {
    let listed = if BUILT_IN_YEARS.contains(&date.year()) {
        // Years 2020–2030: the day number fits in i32.
        let day = date.days_since_epoch() as i32;
        BUILT_IN_DAYS.binary_search(&day).is_ok()
    } else {
        is_rules_bank_holiday(date)
    };
    listed || cfg.extra_bank_holidays.contains(&date)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::is_weekend;
    use crate::calendar::testkit::{cfg, d};

    /// The built-in table (`docs/CATALOGUE.md` §1.1), verbatim.
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
    fn one_off_changes_before_the_built_in_years() {
        // `docs/CATALOGUE.md` §1.1 (revised 2026-12-02), verbatim.
        let extra = [
            "1981-07-29",
            "1999-12-31",
            "2002-06-03",
            "2011-04-29",
            "2012-06-05",
        ];
        let moved = [
            ("1995-05-01", "1995-05-08"),
            ("2002-05-27", "2002-06-04"),
            ("2012-05-28", "2012-06-04"),
        ];
        for day in extra {
            assert!(is_bank_holiday(d(day), &cfg()), "{day}");
        }
        for (from, to) in moved {
            assert!(!is_bank_holiday(d(from), &cfg()), "{from}");
            assert!(is_bank_holiday(d(to), &cfg()), "{to}");
            // computed_bank_holidays stays the standing rules alone.
            let rules = computed_bank_holidays(d(from).year()).unwrap();
            assert!(
                rules.contains(&d(from)) && !rules.contains(&d(to)),
                "{from}"
            );
        }
        // Every day of each year touched: the standing rules with the changes, nothing else.
        for year in [1981, 1995, 1999, 2002, 2011, 2012] {
            let mut want: Vec<Date> = computed_bank_holidays(year)
                .unwrap()
                .into_iter()
                .filter(|h| !moved.iter().any(|(from, _)| d(from) == *h))
                .collect();
            let added = extra.iter().copied().chain(moved.iter().map(|(_, to)| *to));
            want.extend(added.map(d).filter(|h| h.year() == year));
            for day in every_day_of(year) {
                assert_eq!(is_bank_holiday(day, &cfg()), want.contains(&day), "{day}");
            }
        }
        // The tables: weekdays inside ONE_OFF_YEARS and before the built-in ones; an added day
        // is never also a standing-rule holiday, a moved one always is.
        let date = |day: &i32| Date::from_days_since_epoch(i64::from(*day));
        for day in ONE_OFF_HOLIDAYS.iter().map(date) {
            assert!(
                !is_weekend(day.weekday()) && !is_computed_bank_holiday(day),
                "{day}"
            );
            assert!(
                ONE_OFF_YEARS.contains(&day.year()) && day.year() < 2020,
                "{day}"
            );
        }
        for day in ONE_OFF_MOVED_FROM.iter().map(date) {
            assert!(is_computed_bank_holiday(day), "{day}");
            assert!(ONE_OFF_YEARS.contains(&day.year()), "{day}");
        }
        // Neighbouring years keep the standing rules exactly.
        for year in [1980, 2000, 2013] {
            let rules = computed_bank_holidays(year).unwrap();
            for day in every_day_of(year) {
                assert_eq!(is_bank_holiday(day, &cfg()), rules.contains(&day), "{day}");
            }
        }
    }
}
