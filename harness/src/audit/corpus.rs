//! Synthetic exports for trying `safeguard audit`: `safeguard sample-corpus --profile
//! peel-2022` writes cases built to match the sample of HMICFRS's PEEL 2021/22 inspection of
//! Hertfordshire Constabulary ("Investigating crime", "Protecting vulnerable people").
//!
//! The cases hold facts only (reports, assessments, contracts, updates, considerations,
//! withdrawals, evidence, closures, with their times); what each duty's status is comes from
//! the core, as for a real export. Audited as at [`PEEL_2022_AS_AT`] with the default policy,
//! the export gives the inspection's figures:
//!
//! | duty | inspection | how the corpus gets there |
//! |---|---|---|
//! | NA-1 | "victim needs assessments weren't completed in 40 of 63 cases" | 63 closed crimes: 23 complete assessments the day after the report; 28 with none, 8 incomplete (no special-measures answer), 4 complete but ten days on |
//! | VU-2 | "kept to 48 of 49 of the victim care contracts" | 49 contracts of 28 days; 48 updated every 25 days to the closure, one updated once and then left until the closure |
//! | PO-1 | protective orders considered "in 2 cases" of 20 | 17 domestic abuse and 3 stalking crimes with an identified suspect; a recorded consideration (DVPN, and the SPO for stalking, with a reason) two hours after the report in one of each |
//! | PO-4a | "in 5 of the 20 cases ... there wasn't an auditable record approved by the victim" | 20 crimes with an identified suspect where the victim withdrew; 15 confirmed before the closure |
//! | PO-4b | evidence-led prosecution "considered and recorded ... in 4" of 16 | 16 of those 20 record independent evidence (body-worn video, a 999 recording, ...); 4 of the 16 record the consideration before the closure |
//!
//! Beside these, three crimes reported the day before the as-at instant keep NA-1 and VU-1
//! open (shown apart, counted neither way), and a few s136 detentions and Operation Encompass
//! incidents fill the other families of the report.

use safeguard_core::{Date, Instant, RawCase};
use serde_json::{Value, json};

/// The as-at instant the PEEL 2021/22 corpus is built for: every crime of the sample is closed
/// by then.
pub const PEEL_2022_AS_AT: &str = "2022-06-30T00:00:00Z";

/// The figures the PEEL 2021/22 corpus gives: (duty, compliant, applicable).
pub const PEEL_2022_FIGURES: [(&str, u64, u64); 5] = [
    ("NA-1", 23, 63),
    ("VU-2", 48, 49),
    ("PO-1", 2, 20),
    ("PO-4a", 15, 20),
    ("PO-4b", 4, 16),
];

fn at(date: Date, hour: u32) -> Instant {
    date.utc_midnight().plus_hours(hour)
}

fn ts(instant: Instant) -> String {
    instant.to_string()
}

/// The first day from Monday to Thursday on or after `date`.
fn midweek(date: Date) -> Date {
    let mut d = date;
    // 1970-01-01 was a Thursday: days since then modulo 7 gives 0 for Thursday.
    while !matches!(d.days_since_epoch().rem_euclid(7), 4..=6 | 0) {
        d = d.next();
    }
    d
}

struct Events(Vec<Value>);

impl Events {
    fn push(&mut self, at: Instant, what: Value) {
        let id = self.0.len() + 1;
        self.0.push(json!({ "id": id, "at": ts(at), "what": what }));
    }
}

/// What the needs assessment of a crime of the sample looks like.
#[derive(Clone, Copy)]
enum Assessment {
    OnTime,
    None,
    Incomplete,
    Late,
}

fn assessment(i: usize) -> Assessment {
    // 23 on time, 28 none, 8 incomplete, 4 late, spread over the sample by a fixed stride.
    let k = (i * 29) % 63;
    match k {
        0..=22 => Assessment::OnTime,
        23..=50 => Assessment::None,
        51..=58 => Assessment::Incomplete,
        _ => Assessment::Late,
    }
}

/// The PEEL 2021/22 corpus, as raw cases in JSON.
pub fn peel_2022() -> Vec<Value> {
    let mut cases = Vec::new();
    let start = day(2021, 6, 1);
    for i in 0..63usize {
        let day = midweek(start.plus_days(i as i64 * 4));
        let report = at(day, 10);
        let closed = report.plus_days(70);
        let mut events = Events(Vec::new());
        let mut suspects = json!([]);
        let categories: Value;
        // The needs assessment (NA-1).
        let complete = json!({ "needs_assessment": { "victim": 1, "enhanced_rights": false,
            "vulnerable_or_intimidated": false, "special_measures": false, "referral": "declined" } });
        match assessment(i) {
            Assessment::OnTime => events.push(report.plus_days(1), complete),
            Assessment::Late => events.push(report.plus_days(10), complete),
            Assessment::Incomplete => events.push(
                report.plus_days(1),
                json!({ "needs_assessment": { "victim": 1, "enhanced_rights": false,
                    "vulnerable_or_intimidated": false, "referral": "declined" } }),
            ),
            Assessment::None => {}
        }
        // The care contract (VU-1) and its updates (VU-2): 49 of the 63.
        if (i * 17) % 63 < 49 {
            let contract = report.plus_days(1);
            events.push(
                contract,
                json!({ "care_contract_agreed": { "victim": 1, "interval_days": 28, "channel": "phone" } }),
            );
            events.push(
                contract.plus_days(25),
                json!({ "victim_updated": { "victim": 1 } }),
            );
            // One contract not kept: no update after the first, until the closure.
            if (i * 17) % 63 != 48 {
                events.push(
                    contract.plus_days(50),
                    json!({ "victim_updated": { "victim": 1 } }),
                );
            }
        }
        if i < 20 {
            // Domestic abuse (17) or stalking (3) with an identified suspect (PO-1).
            let stalking = i % 7 == 3;
            categories = if stalking {
                json!(["stalking"])
            } else {
                json!(["domestic_abuse"])
            };
            suspects = json!([{ "id": 1, "identified": true, "age": 30 + i % 20 }]);
            if i == 0 || i == 3 {
                let orders = if stalking {
                    json!(["dvpn", "stalking_protection_order"])
                } else {
                    json!(["dvpn"])
                };
                events.push(
                    report.plus_hours(2),
                    json!({ "orders_considered": { "apply": false, "reason_recorded": true, "orders": orders } }),
                );
            }
        } else if i < 40 {
            // A withdrawal with an identified suspect (PO-4), in crimes that are not domestic
            // abuse, stalking or harassment (so PO-1 counts only its own 20).
            let k = i - 20;
            categories = match k % 4 {
                0 => json!(["wounding_with_intent"]),
                1 => json!(["hate_crime"]),
                2 => json!(["sexual_offence"]),
                _ => json!(["other"]),
            };
            suspects = json!([{ "id": 1, "identified": true, "age": 25 + k }]);
            events.push(
                report.plus_days(5),
                json!({ "victim_withdrew_support": { "victim": 1 } }),
            );
            if ![3, 7, 12, 16, 19].contains(&k) {
                events.push(
                    report.plus_days(6),
                    json!({ "withdrawal_confirmed": { "victim": 1 } }),
                );
            }
            if k < 16 {
                let kind = [
                    "body_worn_video",
                    "emergency_call_recording",
                    "independent_witness",
                    "photographs",
                    "medical_evidence",
                    "admission",
                ][k % 6];
                events.push(
                    report.plus_hours(1),
                    json!({ "evidence_recorded": { "kind": kind } }),
                );
                if k < 4 {
                    events.push(
                        report.plus_days(7),
                        json!({ "evidence_led_prosecution_considered": { "victim": 1 } }),
                    );
                }
            }
        } else {
            categories = match i % 3 {
                0 => json!(["other"]),
                1 => json!(["hate_crime", "other"]),
                _ => json!(["arson_endangering_life"]),
            };
        }
        cases.push(json!({
            "reference": format!("PEEL22-{:04}", i + 1),
            "categories": categories,
            "recorded_at": ts(report),
            "closed_at": ts(closed),
            "victims": [{ "id": 1, "age_at_offence": 20 + i % 50 }],
            "suspects": suspects,
            "events": events.0,
        }));
    }
    // Three crimes reported the day before the as-at instant: NA-1 and VU-1 still open.
    for i in 0..3 {
        let report = at(day(2022, 6, 29), 9 + i);
        cases.push(json!({
            "reference": format!("PEEL22-OPEN-{}", i + 1),
            "categories": ["other"],
            "recorded_at": ts(report),
            "victims": [{ "id": 1 }],
        }));
    }
    // Section 136 detentions: ended within the permitted period; two without a consultation.
    for i in 0..12usize {
        let decided = at(midweek(start.plus_days(i as i64 * 21 + 2)), 14);
        let mut events = Events(Vec::new());
        if i % 6 != 5 {
            events.push(
                decided.plus_secs(-600),
                json!({ "consulted": { "detention": 1, "with": "amhp" } }),
            );
        }
        events.push(
            decided.plus_minutes(40),
            json!({ "arrived_at_place_of_safety": { "detention": 1, "place": "health_based" } }),
        );
        events.push(
            decided.plus_hours(7),
            json!({ "assessment_completed": { "detention": 1 } }),
        );
        events.push(
            decided.plus_hours(9),
            json!({ "detention_ended": { "detention": 1, "outcome": "released" } }),
        );
        cases.push(json!({
            "reference": format!("PEEL22-S136-{:02}", i + 1),
            "detentions": [{ "id": 1, "decided_at": ts(decided), "age": 30 + i }],
            "events": events.0,
        }));
    }
    // Operation Encompass: domestic abuse incidents attended on a Tuesday evening, the school
    // told before 08:30 the next morning, two of them only that afternoon.
    for i in 0..10usize {
        let tuesday = tuesday_on_or_after(start.plus_days(i as i64 * 25 + 7));
        let attended = at(tuesday, 20);
        let notified = if i % 5 == 4 {
            at(tuesday.next(), 13)
        } else {
            at(tuesday.next(), 7)
        };
        cases.push(json!({
            "reference": format!("PEEL22-OE-{:02}", i + 1),
            "categories": ["domestic_abuse"],
            "reported_at": ts(attended.plus_secs(-1800)),
            "attended_at": ts(attended),
            "children": [{ "id": 1, "age": 7 + i % 9, "school": "registered" }],
            "events": [{ "id": 1, "at": ts(notified), "what": { "school_notified": { "child": 1 } } }],
        }));
    }
    cases
}

fn day(year: i32, month: u8, day: u8) -> Date {
    Date::new(year, month, day).unwrap_or(Date::from_days_since_epoch(0))
}

fn tuesday_on_or_after(date: Date) -> Date {
    let mut d = date;
    // 1970-01-01 (day 0) was a Thursday, so Tuesday is day 5 modulo 7.
    while d.days_since_epoch().rem_euclid(7) != 5 {
        d = d.next();
    }
    d
}

/// Every case of a corpus parsed as the core's raw case (the generator's own check).
pub fn parse(cases: &[Value]) -> Result<Vec<RawCase>, String> {
    cases
        .iter()
        .map(|c| serde_json::from_value::<RawCase>(c.clone()).map_err(|e| format!("{e}: {c}")))
        .collect()
}
