use super::*;
use crate::capacity::{MAX_DECISIONS, MAX_EVENTS, MAX_REFERENCE_LEN, MAX_VICTIMS};
use crate::case::{ChildId, DetentionId, EventId, IncidentId, VictimId};
use crate::error::Collection;
use crate::rules::testkit::{Build, at};

fn json(text: &str) -> RawCase {
    serde_json::from_str(text).unwrap()
}

#[test]
fn too_many_events_is_an_error_naming_the_capacity() {
    let events: [&str; MAX_EVENTS + 1] = [r#"{"id":0,"at":"2024-03-04T10:00:00Z","what":{"victim_updated":{"victim":1}}}"#;
        MAX_EVENTS + 1];
    let mut text =
        String::from(r#"{"recorded_at":"2024-03-04T10:00:00Z","victims":[{"id":1}],"events":["#);
    for (i, e) in events.iter().enumerate() {
        if i > 0 {
            text.push(',');
        }
        text.push_str(&e.replace("\"id\":0", &format!("\"id\":{i}")));
    }
    text.push_str("]}");
    let err = Case::new(json(&text)).unwrap_err();
    assert_eq!(
        err,
        CaseError::CapacityExceeded {
            collection: Collection::Events,
            limit: MAX_EVENTS,
            given: MAX_EVENTS + 1
        }
    );
    assert_eq!(
        err.to_string(),
        "events: 97 given, but a case holds at most 96"
    );
}

#[test]
fn too_many_victims_or_decisions_is_an_error_naming_the_capacity() {
    let mut victims = String::new();
    for i in 0..=MAX_VICTIMS {
        victims.push_str(&format!("{}{{\"id\":{i}}}", if i > 0 { "," } else { "" }));
    }
    let err = Case::new(json(&format!(
        r#"{{"recorded_at":"2024-03-04T10:00:00Z","victims":[{victims}]}}"#
    )))
    .unwrap_err();
    assert!(matches!(
        err,
        CaseError::CapacityExceeded {
            collection: Collection::Victims,
            ..
        }
    ));

    let mut b = Build::crime("2024-03-04T10:00:00Z", &[Category::Other]);
    for i in 0..=MAX_DECISIONS {
        b = b.event(
            "2024-03-05T10:00:00Z",
            What::KeyDecision {
                decision: DecisionKind::Arrested,
                suspect: None,
            },
        );
        let _ = i;
    }
    let err = Case::new(b.raw).unwrap_err();
    assert_eq!(
        err,
        CaseError::CapacityExceeded {
            collection: Collection::KeyDecisions,
            limit: MAX_DECISIONS,
            given: MAX_DECISIONS + 1
        }
    );
}

#[test]
fn events_are_sorted_whatever_order_they_arrive_in() {
    let b = Build::crime("2024-03-04T10:00:00Z", &[Category::Other])
        .victim(crate::rules::testkit::victim(1))
        .event(
            "2024-03-06T10:00:00Z",
            What::VictimUpdated {
                victim: VictimId(1),
            },
        )
        .event(
            "2024-03-05T10:00:00Z",
            What::VictimUpdated {
                victim: VictimId(1),
            },
        )
        .event(
            "2024-03-05T10:00:00Z",
            What::SupportReferralMade {
                victim: VictimId(1),
            },
        );
    let mut reversed = b.raw.clone();
    reversed.events.as_mut_slice().reverse();
    let case = Case::new(b.raw).unwrap();
    let ids: Vec<u32> = case.events().iter().map(|e| e.id.0).collect();
    // At the same second the referral (an action of NA-2) sorts ahead of the update by
    // kind, though its id is higher (`docs/CATALOGUE.md` §1.2).
    assert_eq!(ids, [3, 2, 1]);
    assert_eq!(Case::new(reversed).unwrap(), case);
}

#[test]
fn duplicate_ids_and_dangling_references_are_refused() {
    let b = Build::crime("2024-03-04T10:00:00Z", &[Category::Other])
        .victim(crate::rules::testkit::victim(1))
        .victim(crate::rules::testkit::victim(1));
    assert_eq!(
        Case::new(b.raw).unwrap_err(),
        CaseError::DuplicateId {
            collection: Collection::Victims,
            id: 1
        }
    );
    let b = Build::crime("2024-03-04T10:00:00Z", &[Category::Other]).event(
        "2024-03-05T10:00:00Z",
        What::VictimUpdated {
            victim: VictimId(9),
        },
    );
    let err = Case::new(b.raw).unwrap_err();
    assert_eq!(
        err.to_string(),
        "events[id=1].victim: no such id 9 in the case"
    );
    let b = Build::crime("2024-03-04T10:00:00Z", &[Category::Other])
        .victim(crate::rules::testkit::victim(1))
        .event(
            "2024-03-05T10:00:00Z",
            What::VictimUpdated {
                victim: VictimId(1),
            },
        )
        .event(
            "2024-03-05T11:00:00Z",
            What::VictimInformed {
                victim: VictimId(1),
                decision: EventId(1),
            },
        );
    assert!(matches!(
        Case::new(b.raw).unwrap_err(),
        CaseError::WrongKindOfEvent { event: 2, .. }
    ));
}

#[test]
fn implausible_values_are_refused() {
    let mut v = crate::rules::testkit::victim(1);
    v.age_at_offence = Some(130);
    let b = Build::crime("2024-03-04T10:00:00Z", &[Category::Other]).victim(v);
    assert!(matches!(
        Case::new(b.raw).unwrap_err(),
        CaseError::AgeOutOfRange { .. }
    ));
    let b = Build::crime("2024-03-04T10:00:00Z", &[Category::Other])
        .victim(crate::rules::testkit::victim(1))
        .event(
            "2024-03-05T10:00:00Z",
            What::CareContractAgreed {
                victim: VictimId(1),
                interval_days: 0,
                channel: Channel::Email,
            },
        );
    assert_eq!(
        Case::new(b.raw).unwrap_err(),
        CaseError::ZeroUpdateInterval { event: 1 }
    );
    let mut b = Build::crime("2024-03-04T10:00:00Z", &[Category::Other]);
    b.raw.closed_at = Some(Instant::from_unix(i64::MAX));
    assert!(matches!(
        Case::new(b.raw).unwrap_err(),
        CaseError::InstantOutOfRange {
            field: "closed_at",
            ..
        }
    ));
    let mut b = Build::default().victim(crate::rules::testkit::victim(1));
    b.raw.closed_at = Some(at("2024-03-04T10:00:00Z"));
    assert_eq!(
        Case::new(b.raw).unwrap_err(),
        CaseError::MissingReportInstant {
            field: "reported_at"
        }
    );
}

#[test]
fn a_long_reference_is_refused_not_cut() {
    let raw = json(&format!(
        r#"{{"reference":"{}"}}"#,
        "x".repeat(MAX_REFERENCE_LEN + 1)
    ));
    assert_eq!(Case::new(raw).unwrap_err(), CaseError::ReferenceTooLong);
    let raw = json(&format!(
        r#"{{"reference":"{}"}}"#,
        "x".repeat(MAX_REFERENCE_LEN)
    ));
    assert_eq!(Case::new(raw).unwrap().reference().len(), MAX_REFERENCE_LEN);
}

#[test]
fn unknown_fields_and_kinds_are_refused_by_the_decoder() {
    assert!(serde_json::from_str::<RawCase>(r#"{"nickname":"x"}"#).is_err());
    assert!(
        serde_json::from_str::<RawCase>(
            r#"{"events":[{"id":1,"at":"2024-03-04T10:00:00Z","what":{"teleported":{}}}]}"#
        )
        .is_err()
    );
}

#[test]
fn json_and_postcard_round_trip() {
    let raw = Build::crime("2024-03-04T10:00:00Z", &[Category::DomesticAbuse])
        .victim(crate::rules::testkit::victim(1))
        .suspect(1, true, Some(40))
        .event(
            "2024-03-05T10:00:00Z",
            What::OrdersConsidered {
                apply: true,
                reason_recorded: true,
                orders: OrderSet::EMPTY.with(Order::Dvpn),
            },
        )
        .raw;
    let text = serde_json::to_string(&raw).unwrap();
    assert_eq!(serde_json::from_str::<RawCase>(&text).unwrap(), raw);
    let bytes = postcard::to_stdvec(&raw).unwrap();
    assert_eq!(postcard::from_bytes::<RawCase>(&bytes).unwrap(), raw);
}

#[test]
fn contradictory_facts_are_refused() {
    let mut b = Build::incident("2024-03-04T20:00:00Z", &[Category::DomesticAbuse])
        .attended("2024-03-04T20:30:00Z");
    b.raw.attended = Attendance::NotAttended;
    assert_eq!(Case::new(b.raw).unwrap_err().field(), "attended");
    let mut organisation = crate::rules::testkit::victim(1);
    organisation.kind = VictimKind::Organisation;
    organisation.bereaved_relative = true;
    let b = Build::crime("2024-03-04T10:00:00Z", &[Category::Other]).victim(organisation);
    assert_eq!(Case::new(b.raw).unwrap_err().code(), "contradictory");
}

#[test]
fn a_case_without_a_crime_needs_no_report_instant() {
    // An incident counts from its attendance.
    let mut b = Build::default().child(1, 9, SchoolStatus::Registered);
    b.raw.categories.push(Category::DomesticAbuse).unwrap();
    b.raw.attended_at = Some(at("2024-03-04T20:00:00Z"));
    assert!(Case::new(b.raw.clone()).is_ok());
    // With nothing to count from, it is refused.
    b.raw.attended_at = None;
    assert_eq!(
        Case::new(b.raw).unwrap_err(),
        CaseError::MissingReportInstant {
            field: "reported_at"
        }
    );
    // A missing-child case needs none.
    let b = Build::default()
        .child(1, 9, SchoolStatus::Registered)
        .event(
            "2024-03-04T20:00:00Z",
            What::ChildReportedMissing {
                child: ChildId(1),
                first_episode: true,
            },
        );
    assert!(Case::new(b.raw).is_ok());
}

#[test]
fn incidents_name_children_the_case_holds_and_have_an_anchor() {
    let incident = |children: &[u16], attended_at: Option<&str>| Incident {
        id: IncidentId(1),
        occurred_at: None,
        reported_at: None,
        attended_at: attended_at.map(at),
        attended: Attendance::NotRecorded,
        children: children.iter().copied().map(ChildId).collect(),
    };
    let mut b = Build::default().child(1, 9, SchoolStatus::Registered);
    b.raw
        .incidents
        .push(incident(&[2], Some("2024-03-04T20:00:00Z")))
        .unwrap();
    assert_eq!(
        Case::new(b.raw).unwrap_err(),
        CaseError::UnknownIncidentChild { incident: 1, id: 2 }
    );
    let mut b = Build::default().child(1, 9, SchoolStatus::Registered);
    b.raw.incidents.push(incident(&[1], None)).unwrap();
    assert_eq!(
        Case::new(b.raw).unwrap_err(),
        CaseError::MissingReportInstant { field: "incidents" }
    );
}

#[test]
fn a_departure_needs_a_stay_to_leave() {
    let depart = What::DepartedPlaceOfSafety {
        detention: DetentionId(1),
    };
    let b =
        Build::detention("2024-06-03T09:30:00Z", None, None).event("2024-06-03T10:00:00Z", depart);
    assert!(matches!(
        Case::new(b.raw).unwrap_err(),
        CaseError::OutOfOrder { .. }
    ));
    // Kept where they were: the stay starts at the decision.
    let b = Build::detention("2024-06-03T09:30:00Z", None, Some(PlaceKind::Other))
        .event("2024-06-03T10:00:00Z", depart);
    assert!(Case::new(b.raw).is_ok());
    // A departure and the next arrival at the same second: the departure leaves the earlier
    // place, whatever the ids.
    let b = Build::detention("2024-06-03T09:30:00Z", None, Some(PlaceKind::Other))
        .event_id(
            2,
            "2024-06-03T10:00:00Z",
            What::ArrivedAtPlaceOfSafety {
                detention: DetentionId(1),
                place: PlaceKind::HealthBased,
            },
        )
        .event_id(5, "2024-06-03T10:00:00Z", depart);
    let ids: Vec<u32> = Case::new(b.raw)
        .unwrap()
        .events()
        .iter()
        .map(|e| e.id.0)
        .collect();
    assert_eq!(ids, [5, 2]);
}
