//! The checks the fuzz targets run (`fuzz/`), shared so that the committed regression inputs
//! replay as ordinary tests on stable (`harness/tests/fuzz_replay.rs`). Each function panics
//! when an invariant breaks; otherwise it returns normally, whatever the input.

use safeguard_core::{
    CalendarConfig, Case, Date, DateRange, Instant, Policy, RawCase, evaluate, hearing_deadline,
    is_disregarded_for_hearing, is_school_day, is_working_day, next_school_day_start, uk_civil,
    uk_instant, working_days_after,
};

/// Evaluates a case and checks the invariants every evaluation keeps.
fn check_evaluation(raw: RawCase, now: Instant) {
    let Ok(case) = Case::new(raw) else { return };
    let policy = Policy::default();
    let Ok(policy) = policy.check() else { return };
    match evaluate(&case, policy, now) {
        Ok(findings) => {
            assert!(
                findings.windows(2).all(|w| match w {
                    [a, b] => (a.rule, a.subject) < (b.rule, b.subject),
                    _ => true,
                }),
                "findings are ordered and unique"
            );
            let again = evaluate(&case, policy, now);
            assert_eq!(
                again.as_ref().ok(),
                Some(&findings),
                "evaluation is deterministic"
            );
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
}

/// The first 8 bytes are `now` (little-endian seconds); the rest are a postcard case.
pub fn postcard_evaluate(data: &[u8]) {
    let (now, bytes) = match data.split_first_chunk::<8>() {
        Some((now, rest)) => (Instant::from_unix(i64::from_le_bytes(*now)), rest),
        None => return,
    };
    match safeguard_core::decode_case(bytes) {
        Ok(raw) => {
            // A case that decodes re-encodes to bytes that decode to the same case; one read
            // over a capacity refuses to be written back rather than losing what did not fit.
            match crate::wire::case_bytes(&raw) {
                Ok(again) => {
                    let back =
                        safeguard_core::decode_case(&again).expect("re-encoded bytes decode");
                    assert_eq!(back, raw, "postcard round trip");
                }
                Err(_) => assert!(
                    Case::new(raw.clone()).is_err(),
                    "only a refused case fails to encode"
                ),
            }
            check_evaluation(raw, now);
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
}

/// A field's path as the core's JSON reader keeps it: whole up to
/// [`safeguard_core::json::MAX_FIELD_LEN`] bytes, else `…` and as much of its end as fits after
/// it (a key, and so a path, may be as long as the text).
pub fn as_the_core_keeps(field: &str) -> String {
    use safeguard_core::json::MAX_FIELD_LEN;
    if field.len() <= MAX_FIELD_LEN {
        return field.to_owned();
    }
    let mut end = field.len() - (MAX_FIELD_LEN - "…".len());
    while !field.is_char_boundary(end) {
        end += 1;
    }
    format!("…{}", &field[end..])
}

/// The input is JSON text for a case; `now` is a day after the case's latest instant. The
/// core's heap-free JSON reader reads it too: never a panic, and on text that is JSON the
/// command line's answer (the same case, or the same code and field, cut as the core keeps a
/// field).
pub fn json_evaluate(data: &[u8]) {
    let mut read = RawCase::EMPTY;
    let core = safeguard_core::json::read_case(data, &mut read);
    let Ok(text) = std::str::from_utf8(data) else {
        assert!(
            core.is_err(),
            "the core's JSON reader took text that is not UTF-8"
        );
        return;
    };
    // The command line drops a leading byte-order mark as it reads a file or a line.
    let text_read = text.strip_prefix('\u{feff}').unwrap_or(text);
    let command = crate::input::decode_case(text_read, crate::input::Syntax::Json, "fuzz");
    if serde_json::from_str::<serde_json::Value>(text_read).is_ok() {
        match (&command, &core) {
            (Ok(raw), Ok(())) => {
                assert_eq!(raw, &read, "the two JSON readers read different cases")
            }
            (Err(a), Err(b)) => assert_eq!(
                (a.code, as_the_core_keeps(&a.field).as_str()),
                (b.code(), b.field()),
                "the two JSON readers refuse JSON differently"
            ),
            _ => panic!("one JSON reader takes what the other refuses: {command:?} {core:?}"),
        }
    } else {
        assert!(
            command.is_err() && core.is_err(),
            "text that is not JSON was read"
        );
    }
    let Ok(raw) = serde_json::from_str::<RawCase>(text) else {
        return;
    };
    let now = Case::new(raw.clone())
        .ok()
        .and_then(|case| case.latest())
        .map_or(Instant::from_unix(1_700_000_000), |latest| {
            latest.plus_days(1)
        });
    check_evaluation(raw, now);
}

fn take<const N: usize>(data: &mut &[u8]) -> [u8; N] {
    let mut out = [0u8; N];
    for (slot, byte) in out.iter_mut().zip(data.iter()) {
        *slot = *byte;
    }
    *data = data.get(N..).unwrap_or_default();
    out
}

/// An instant in 1900–2200 and a few counts, checked against naive day-by-day walks. Half the
/// inputs (by their last byte) land between December 2019 and January 2031, around the
/// built-in years, where the deadlines are found by arithmetic rather than by walking.
pub fn calendar(mut data: &[u8]) {
    let raw = i64::from_le_bytes(take::<8>(&mut data));
    let [n, start_byte, closure_len, focus] = take::<4>(&mut data);
    let (from, until) = if focus % 2 == 0 {
        (1_575_158_400, 1_927_929_600) // 2019-12-01 to 2031-02-04
    } else {
        (Instant::EARLIEST.unix(), Instant::LATEST.unix())
    };
    let event = Instant::from_unix(from + raw.rem_euclid(until - from));
    let n = u16::from(n % 40);
    let closure_start = uk_civil(event).0.plus_days(i64::from(closure_len % 7));
    let closures = [DateRange {
        first: closure_start,
        last: closure_start.plus_days(i64::from(closure_len / 7 % 20)),
    }];
    let cfg = CalendarConfig {
        school_day_start: u32::from(start_byte % 48) * 1800,
        school_closures: if closure_len % 2 == 0 { &closures } else { &[] },
        ..CalendarConfig::default()
    };
    let (day, _) = uk_civil(event);

    // Working days: the result is 23:59:59 on a day D, and exactly n working days lie in
    // (day, D], the last of them D itself.
    let deadline = working_days_after(event, n, &cfg);
    let (end_day, secs) = uk_civil(deadline);
    assert_eq!(secs, 86_399, "working-day deadlines end at 23:59:59");
    let mut counted = 0;
    let mut walk = day;
    while walk < end_day {
        walk = walk.next();
        if is_working_day(walk, &cfg) {
            counted += 1;
        }
    }
    assert_eq!(counted, n, "{n} working days after {event}");
    assert!(n == 0 || is_working_day(end_day, &cfg));

    // School day: the result is a school-day start after the event, and no school day starts
    // between them.
    let start = next_school_day_start(event, &cfg);
    assert!(start > event);
    let (start_day, start_secs) = uk_civil(start);
    assert!(is_school_day(start_day, &cfg));
    assert_eq!(uk_instant(start_day, start_secs), start);
    let mut walk: Date = day;
    while walk < start_day {
        if is_school_day(walk, &cfg) {
            assert!(
                uk_instant(walk, cfg.school_day_start) <= event,
                "an earlier school day was skipped"
            );
        }
        walk = walk.next();
    }

    // Hearing: the counted time between service and the deadline is exactly 48 hours.
    let hearing = hearing_deadline(event, &cfg);
    let mut counted_secs = 0i64;
    let mut walk = day;
    while uk_instant(walk, 0) < hearing {
        if !is_disregarded_for_hearing(walk, &cfg) {
            let from = uk_instant(walk, 0).max(event);
            let to = uk_instant(walk.next(), 0).min(hearing);
            counted_secs += (to.unix() - from.unix()).max(0);
        }
        walk = walk.next();
    }
    assert_eq!(
        counted_secs,
        48 * 3600,
        "48 counted hours from {event} to {hearing}"
    );
}
