//! The JSON form of a case and of a policy, as data: every object with its fields in
//! declaration order (the order postcard writes them), every enum with its names in variant
//! order. One reader (`super::read`) checks a document against these tables, so the format
//! costs a table entry per field rather than a reader per type.
//!
//! The tables restate what the serde attributes of [`crate::RawCase`] and [`crate::Policy`]
//! say; the harness's parity tests read every fixture and thousands of generated documents
//! both ways and compare.

/// What a value must be.
#[derive(Debug)]
pub(super) enum Shape {
    /// `true` or `false`.
    Bool,
    /// A whole number 0–255.
    Byte,
    /// A whole number from 0 to the bound.
    Whole(u64),
    /// Text of any length: a case's reference (one too long is refused when the case is
    /// checked).
    Text,
    /// An RFC 3339 timestamp, whole seconds, 1900 to 2200.
    Instant,
    /// A date, `2024-12-25`.
    Date,
    /// `null`, or the value.
    Option(&'static Shape),
    /// A list (more items than the list holds are counted, and refused when the case or
    /// policy is checked).
    List(&'static Shape),
    /// The protective orders considered: a list of [`ORDER`]s, at most three.
    Orders,
    /// An object with these fields and no others.
    Object(&'static [Field]),
    /// One of these names (an enum of unit variants, with any alias among them; the reader
    /// maps each name to its variant).
    Name(&'static [&'static str]),
    /// An object with one key, one of these names, whose value is an object with the
    /// variant's fields (an enum of struct variants).
    Variant(&'static [(&'static str, &'static [Field])]),
    /// A list of rule ids (`"NA-1"`).
    Rules,
    /// Warning leads in minutes, keyed by rule (`"s136_2"`).
    Leads,
}

/// A field: its name, its shape, and whether it must be given (one left out is `false`,
/// `None`, the enum's first variant or the empty list).
#[derive(Debug)]
pub(super) struct Field(pub &'static str, pub &'static Shape, pub bool);

const fn names(names: &'static [&'static str]) -> Shape {
    Shape::Name(names)
}

impl Shape {
    /// An object's fields (none for another shape).
    pub(super) fn fields(&self) -> &'static [Field] {
        match self {
            Shape::Object(fields) => fields,
            _ => &[],
        }
    }
}

const U16: Shape = Shape::Whole(u16::MAX as u64);
const U32: Shape = Shape::Whole(u32::MAX as u64);
pub(super) static OPT_BOOL: Shape = Shape::Option(&Shape::Bool);
pub(super) static OPT_BYTE: Shape = Shape::Option(&Shape::Byte);
pub(super) static OPT_U16: Shape = Shape::Option(&U16);
pub(super) static OPT_U32: Shape = Shape::Option(&U32);
pub(super) static OPT_INSTANT: Shape = Shape::Option(&Shape::Instant);
pub(super) static OPT_DATE: Shape = Shape::Option(&Shape::Date);

pub(super) static CATEGORY: Shape = names(&[
    "domestic_abuse",
    "stalking",
    "harassment",
    "sexual_offence",
    "hate_crime",
    "terrorism",
    "trafficking_or_modern_slavery",
    "attempted_murder",
    "kidnap",
    "false_imprisonment",
    "arson_endangering_life",
    "wounding_with_intent",
    "other",
]);
pub(super) static VICTIM_KIND: Shape = names(&["person", "bereaved_relative", "organisation"]);
pub(super) static SCHOOL: Shape = names(&[
    "registered",
    "not_school_age",
    "not_registered",
    "elective_home_education",
]);
pub(super) static RELATION: Shape = names(&["related_to_party", "household_only"]);
pub(super) static PLACE: Shape = names(&[
    "police_station",
    "health_based",
    "emergency_department",
    "other",
]);
pub(super) static RANK: Shape = names(&[
    "constable",
    "sergeant",
    "inspector",
    "chief_inspector",
    "superintendent",
    "chief_superintendent",
    "assistant_chief_constable",
    "deputy_chief_constable",
    "chief_constable",
]);
pub(super) static REFERRAL: Shape = names(&["accepted", "declined"]);
pub(super) static CHANNEL: Shape = names(&["phone", "email", "letter", "in_person", "text"]);
pub(super) static DECISION: Shape = names(&[
    "arrested",
    "interviewed_under_caution",
    "released_no_further_action",
    "released_on_bail",
    "released_under_investigation",
    "bail_conditions_changed",
    "charged",
    "out_of_court_disposal",
    "not_to_investigate",
]);
pub(super) static ORDER: Shape = names(&["dvpn", "dapn", "stalking_protection_order"]);
pub(super) static NOTICE: Shape = names(&["dvpn", "dapn"]);
pub(super) static CONSULTEE: Shape = names(&[
    "doctor",
    "nurse",
    "amhp",
    "occupational_therapist",
    "paramedic",
    "custody_officer",
    "other",
]);
pub(super) static DETENTION_OUTCOME: Shape = names(&["released", "held_under_another_power"]);
pub(super) static RELEASE_OUTCOME: Shape = names(&[
    "no_further_action",
    "bail",
    "under_investigation",
    "charged_and_bailed",
    "out_of_court_disposal",
]);
pub(super) static EVIDENCE: Shape = names(&[
    "body_worn_video",
    "emergency_call_recording",
    "independent_witness",
    "photographs",
    "medical_evidence",
    "admission",
]);
pub(super) static PILOT_AREA: Shape = names(&[
    "greater_manchester",
    "metropolitan_croydon_bromley_sutton",
    "british_transport_police",
    "cleveland",
    "north_wales",
]);
/// `"on"` is read as `"every_episode"`.
pub(super) static MISSING_CHILD: Shape = names(&["off", "first_episode", "every_episode", "on"]);

pub(super) static VICTIM: Shape = Shape::Object(&[
    Field("id", &U16, true),
    Field("kind", &VICTIM_KIND, false),
    Field("age_at_offence", &OPT_BYTE, false),
    Field("vulnerable", &Shape::Bool, false),
    Field("intimidated", &Shape::Bool, false),
    Field("persistently_targeted", &Shape::Bool, false),
    Field("bereaved_relative", &Shape::Bool, false),
    Field("referral_consent", &OPT_BOOL, false),
]);
pub(super) static SUSPECT: Shape = Shape::Object(&[
    Field("id", &U16, true),
    Field("identified", &Shape::Bool, true),
    Field("age", &OPT_BYTE, false),
]);
pub(super) static CHILD: Shape = Shape::Object(&[
    Field("id", &U16, true),
    Field("age", &Shape::Byte, true),
    Field("school", &SCHOOL, true),
    Field("relation", &RELATION, false),
]);
pub(super) static INCIDENT: Shape = Shape::Object(&[
    Field("id", &U16, true),
    Field("occurred_at", &OPT_INSTANT, false),
    Field("reported_at", &OPT_INSTANT, false),
    Field("attended_at", &OPT_INSTANT, false),
    Field("attended", &OPT_BOOL, false),
    Field("children", &Shape::List(&U16), false),
]);
pub(super) static DETENTION: Shape = Shape::Object(&[
    Field("id", &U16, true),
    Field("decided_at", &Shape::Instant, true),
    Field("age", &OPT_BYTE, false),
    Field("kept_at", &Shape::Option(&PLACE), false),
]);

const VICTIM_ONLY: &[Field] = &[Field("victim", &U16, true)];
const DETENTION_ONLY: &[Field] = &[Field("detention", &U16, true)];
const CHILD_NOTIFIED: &[Field] = &[
    Field("child", &U16, true),
    Field("missing_episode", &OPT_U32, false),
];

/// What happened, in [`crate::What`]'s variant order.
pub(super) static WHAT: Shape = Shape::Variant(&[
    (
        "needs_assessment",
        &[
            Field("victim", &U16, true),
            Field("enhanced_rights", &OPT_BOOL, false),
            Field("vulnerable_or_intimidated", &OPT_BOOL, false),
            Field("special_measures", &OPT_BOOL, false),
            Field("referral", &Shape::Option(&REFERRAL), false),
        ],
    ),
    ("support_referral_made", VICTIM_ONLY),
    (
        "care_contract_agreed",
        &[
            Field("victim", &U16, true),
            Field("interval_days", &U16, true),
            Field("channel", &CHANNEL, true),
        ],
    ),
    ("victim_updated", VICTIM_ONLY),
    (
        "key_decision",
        &[
            Field("decision", &DECISION, true),
            Field("suspect", &OPT_U16, false),
        ],
    ),
    (
        "victim_informed",
        &[Field("victim", &U16, true), Field("decision", &U32, true)],
    ),
    (
        "orders_considered",
        &[
            Field("apply", &Shape::Bool, true),
            Field("reason_recorded", &Shape::Bool, true),
            Field("orders", &Shape::Orders, true),
        ],
    ),
    (
        "notice_issued",
        &[
            Field("notice", &NOTICE, true),
            Field("suspect", &U16, true),
            Field("authorised_by", &RANK, true),
            Field("served_at", &OPT_INSTANT, false),
        ],
    ),
    ("order_hearing", &[Field("notice", &U32, true)]),
    (
        "released",
        &[
            Field("suspect", &U16, true),
            Field("outcome", &RELEASE_OUTCOME, true),
        ],
    ),
    ("evidence_recorded", &[Field("kind", &EVIDENCE, true)]),
    ("victim_withdrew_support", VICTIM_ONLY),
    ("withdrawal_confirmed", VICTIM_ONLY),
    ("evidence_led_prosecution_considered", VICTIM_ONLY),
    (
        "arrived_at_place_of_safety",
        &[Field("detention", &U16, true), Field("place", &PLACE, true)],
    ),
    ("departed_place_of_safety", DETENTION_ONLY),
    (
        "consulted",
        &[
            Field("detention", &U16, true),
            Field("with", &CONSULTEE, true),
        ],
    ),
    ("consultation_impracticable", DETENTION_ONLY),
    (
        "police_station_authorised",
        &[
            Field("detention", &U16, true),
            Field("rank", &RANK, true),
            Field("imminent_risk", &Shape::Bool, true),
            Field("no_other_place", &Shape::Bool, true),
            Field("healthcare_professional_present", &Shape::Bool, true),
        ],
    ),
    (
        "extension_authorised",
        &[
            Field("detention", &U16, true),
            Field("hours", &Shape::Byte, true),
            Field("by_responsible_doctor", &Shape::Bool, true),
            Field("assessment_impracticable", &Shape::Bool, true),
        ],
    ),
    (
        "extension_approved",
        &[Field("detention", &U16, true), Field("rank", &RANK, true)],
    ),
    ("referred_to_superintendent", DETENTION_ONLY),
    ("welfare_check", DETENTION_ONLY),
    ("assessment_completed", DETENTION_ONLY),
    (
        "detention_ended",
        &[
            Field("detention", &U16, true),
            Field("outcome", &DETENTION_OUTCOME, true),
        ],
    ),
    ("school_notified", CHILD_NOTIFIED),
    ("local_authority_notified", CHILD_NOTIFIED),
    ("no_school_to_notify", CHILD_NOTIFIED),
    (
        "child_reported_missing",
        &[
            Field("child", &U16, true),
            Field("first_episode", &Shape::Bool, true),
        ],
    ),
]);

pub(super) static EVENT: Shape = Shape::Object(&[
    Field("id", &U32, true),
    Field("at", &Shape::Instant, true),
    Field("what", &WHAT, true),
]);

/// A raw case: every field may be left out.
pub(super) static CASE: Shape = Shape::Object(&[
    Field("reference", &Shape::Text, false),
    Field("categories", &Shape::List(&CATEGORY), false),
    Field("recorded_at", &OPT_INSTANT, false),
    Field("reported_at", &OPT_INSTANT, false),
    Field("occurred_at", &OPT_INSTANT, false),
    Field("attended_at", &OPT_INSTANT, false),
    Field("closed_at", &OPT_INSTANT, false),
    Field("victims", &Shape::List(&VICTIM), false),
    Field("suspects", &Shape::List(&SUSPECT), false),
    Field("children", &Shape::List(&CHILD), false),
    Field("detentions", &Shape::List(&DETENTION), false),
    Field("events", &Shape::List(&EVENT), false),
    Field("attended", &OPT_BOOL, false),
    Field("screened_out", &Shape::Bool, false),
    Field("incidents", &Shape::List(&INCIDENT), false),
]);

pub(super) static CADENCE: Shape = Shape::Object(&[
    Field("first_within_hours", &U32, true),
    Field("second_within_days", &OPT_U16, false),
    Field("then_every_days", &U16, true),
]);
pub(super) static UPDATE_PLAN: Shape = Shape::Object(&[
    Field("standard", &CADENCE, true),
    Field("enhanced", &CADENCE, true),
]);
pub(super) static DAPN_PILOT: Shape = Shape::Object(&[
    Field("area", &PILOT_AREA, true),
    Field("first_day", &OPT_DATE, false),
    Field("last_day", &OPT_DATE, false),
]);
pub(super) static DATE_RANGE: Shape = Shape::Object(&[
    Field("first", &Shape::Date, true),
    Field("last", &Shape::Date, true),
]);

/// A force policy: every field may be left out, and then keeps its default.
pub(super) static POLICY: Shape = Shape::Object(&[
    Field("needs_assessment_working_days", &U16, false),
    Field("referral_working_days", &U16, false),
    Field("care_contract_working_days", &OPT_U16, false),
    Field("key_decision_working_days_enhanced", &U16, false),
    Field("key_decision_working_days_standard", &U16, false),
    Field("default_update_plan", &Shape::Option(&UPDATE_PLAN), false),
    Field("order_consideration_hours", &U32, false),
    Field("dapn_pilot", &Shape::Option(&DAPN_PILOT), false),
    Field("s136_escalation_hours", &U32, false),
    Field("s136_escalation_grace_minutes", &U32, false),
    Field("warning_lead_minutes", &Shape::Leads, false),
    Field("school_day_start_minutes", &U16, false),
    Field("school_closures", &Shape::List(&DATE_RANGE), false),
    Field("extra_bank_holidays", &Shape::List(&Shape::Date), false),
    Field("missing_child_notification", &MISSING_CHILD, false),
    Field("report_not_applicable", &Shape::Bool, false),
    Field("rules", &Shape::Rules, false),
    Field("victims_code_2015_from", &Shape::Date, false),
    Field("encompass_scheme_from", &Shape::Date, false),
    Field("missing_child_notification_from", &Shape::Date, false),
]);
