//! Helpers for the calendar tests: dates, instants and the default configuration, tersely.

use super::CalendarConfig;
use crate::time::{Date, Instant};

/// A date from `YYYY-MM-DD` text.
pub(super) fn d(text: &str) -> Date {
    Date::parse(text).unwrap()
}

/// An instant from RFC 3339 text.
pub(super) fn t(text: &str) -> Instant {
    Instant::parse_rfc3339(text).unwrap()
}

/// The default calendar: no extra bank holidays, no closures, school at 08:30.
pub(super) fn cfg() -> CalendarConfig<'static> {
    CalendarConfig::default()
}
