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
    /// policy is checked). The reader reads each item with the code that knows where it goes;
    /// the item's shape is the table's record of it, which the tests walk.
    List(
        #[cfg_attr(not(test), expect(dead_code, reason = "read by the tests only"))] &'static Shape,
    ),
    /// The protective orders considered: a list of [`ORDER`]s, at most three.
    Orders,
    /// An object with these fields and no others.
    Object(&'static Fields),
    /// One of these names, separated by spaces (an enum of unit variants, with any alias
    /// among them; the reader maps each name to its variant).
    Name(&'static str),
    /// An object with one key, one of these names (separated by spaces), whose value is an
    /// object with the variant's fields (an enum of struct variants).
    Variant(&'static str, &'static [Fields]),
    /// A list of rule ids (`"NA-1"`).
    Rules,
    /// Warning leads in minutes, keyed by rule (`"s136_2"`).
    Leads,
}

/// An object's fields: their names, separated by spaces, each with `!` after it if the field
/// must be given (one left out is `false`, `None`, the enum's first variant or the empty
/// list), and their shapes, in the same order. (Names in one string take a byte each
/// besides their letters, where a table of strings takes eight.)
#[derive(Debug)]
pub(super) struct Fields(pub &'static str, pub &'static [&'static Shape]);

impl Fields {
    /// The fields' names, in order.
    #[cfg(test)]
    pub(super) fn names(&self) -> impl Iterator<Item = &'static str> {
        self.0.split(' ').map(|name| name.trim_end_matches('!'))
    }
}

const fn names(names: &'static str) -> Shape {
    Shape::Name(names)
}

impl Shape {
    /// Whether the reader reads a value of this shape whole (a flag, a number, a timestamp,
    /// a date, a name, a text, or `null` or one of those); a list, an object, a variant and
    /// the warning leads are read by the code that knows where they go.
    pub(super) fn is_scalar(&self) -> bool {
        !matches!(
            self,
            Shape::List(_)
                | Shape::Orders
                | Shape::Rules
                | Shape::Object(_)
                | Shape::Variant(..)
                | Shape::Leads
        )
    }

    /// An object's fields (none for another shape).
    pub(super) fn fields(&self) -> &'static Fields {
        match self {
            Shape::Object(fields) => fields,
            _ => &Fields("", &[]),
        }
    }
}

pub(super) const U16: Shape = Shape::Whole(u16::MAX as u64);
pub(super) const U32: Shape = Shape::Whole(u32::MAX as u64);
pub(super) const OPT_BOOL: Shape = Shape::Option(&Shape::Bool);
pub(super) const OPT_BYTE: Shape = Shape::Option(&Shape::Byte);
pub(super) const OPT_U16: Shape = Shape::Option(&U16);
pub(super) const OPT_U32: Shape = Shape::Option(&U32);
pub(super) const OPT_INSTANT: Shape = Shape::Option(&Shape::Instant);
pub(super) const OPT_DATE: Shape = Shape::Option(&Shape::Date);

pub(super) static CATEGORY: Shape = names(concat!(
    "domestic_abuse stalking harassment sexual_offence hate_crime ",
    "terrorism trafficking_or_modern_slavery attempted_murder kidnap ",
    "false_imprisonment arson_endangering_life wounding_with_intent other"
));
pub(super) static VICTIM_KIND: Shape = names("person bereaved_relative organisation");
pub(super) static SCHOOL: Shape =
    names("registered not_school_age not_registered elective_home_education");
pub(super) static RELATION: Shape = names("related_to_party household_only");
pub(super) static PLACE: Shape = names("police_station health_based emergency_department other");
pub(super) static RANK: Shape = names(concat!(
    "constable sergeant inspector chief_inspector superintendent ",
    "chief_superintendent assistant_chief_constable ",
    "deputy_chief_constable chief_constable"
));
pub(super) static REFERRAL: Shape = names("accepted declined");
pub(super) static CHANNEL: Shape = names("phone email letter in_person text");
pub(super) static DECISION: Shape = names(concat!(
    "arrested interviewed_under_caution released_no_further_action ",
    "released_on_bail released_under_investigation ",
    "bail_conditions_changed charged out_of_court_disposal ",
    "not_to_investigate"
));
pub(super) static ORDER: Shape = names("dvpn dapn stalking_protection_order");
pub(super) static NOTICE: Shape = names("dvpn dapn");
pub(super) static CONSULTEE: Shape =
    names("doctor nurse amhp occupational_therapist paramedic custody_officer other");
pub(super) static DETENTION_OUTCOME: Shape = names("released held_under_another_power");
pub(super) static RELEASE_OUTCOME: Shape = names(concat!(
    "no_further_action bail under_investigation charged_and_bailed ",
    "out_of_court_disposal"
));
pub(super) static EVIDENCE: Shape = names(concat!(
    "body_worn_video emergency_call_recording independent_witness ",
    "photographs medical_evidence admission"
));
pub(super) static PILOT_AREA: Shape = names(concat!(
    "greater_manchester metropolitan_croydon_bromley_sutton ",
    "british_transport_police cleveland north_wales"
));
/// `"on"` is read as `"every_episode"`.
pub(super) static MISSING_CHILD: Shape = names("off first_episode every_episode on");

pub(super) static VICTIM: Shape = Shape::Object(&Fields(
    concat!(
        "id! kind age_at_offence vulnerable intimidated persistently_targeted ",
        "bereaved_relative referral_consent"
    ),
    &[
        &U16,
        &VICTIM_KIND,
        &OPT_BYTE,
        &Shape::Bool,
        &Shape::Bool,
        &Shape::Bool,
        &Shape::Bool,
        &OPT_BOOL,
    ],
));
pub(super) static SUSPECT: Shape = Shape::Object(&Fields(
    "id! identified! age",
    &[&U16, &Shape::Bool, &OPT_BYTE],
));
pub(super) static CHILD: Shape = Shape::Object(&Fields(
    "id! age! school! relation",
    &[&U16, &Shape::Byte, &SCHOOL, &RELATION],
));
pub(super) static INCIDENT: Shape = Shape::Object(&Fields(
    "id! occurred_at reported_at attended_at attended children",
    &[
        &U16,
        &OPT_INSTANT,
        &OPT_INSTANT,
        &OPT_INSTANT,
        &OPT_BOOL,
        &Shape::List(&U16),
    ],
));
pub(super) static DETENTION: Shape = Shape::Object(&Fields(
    "id! decided_at! age kept_at",
    &[&U16, &Shape::Instant, &OPT_BYTE, &Shape::Option(&PLACE)],
));

const VICTIM_ONLY: Fields = Fields("victim!", &[&U16]);
const DETENTION_ONLY: Fields = Fields("detention!", &[&U16]);
const CHILD_NOTIFIED: Fields = Fields("child! missing_episode", &[&U16, &OPT_U32]);

/// What happened, in [`crate::What`]'s variant order.
pub(super) static WHAT: Shape = Shape::Variant(
    concat!(
        "needs_assessment support_referral_made care_contract_agreed ",
        "victim_updated key_decision victim_informed orders_considered ",
        "notice_issued order_hearing released evidence_recorded ",
        "victim_withdrew_support withdrawal_confirmed ",
        "evidence_led_prosecution_considered arrived_at_place_of_safety ",
        "departed_place_of_safety consulted consultation_impracticable ",
        "police_station_authorised extension_authorised extension_approved ",
        "referred_to_superintendent welfare_check assessment_completed ",
        "detention_ended school_notified local_authority_notified ",
        "no_school_to_notify child_reported_missing"
    ),
    &[
        Fields(
            concat!(
                "victim! enhanced_rights vulnerable_or_intimidated special_measures ",
                "referral"
            ),
            &[
                &U16,
                &OPT_BOOL,
                &OPT_BOOL,
                &OPT_BOOL,
                &Shape::Option(&REFERRAL),
            ],
        ),
        VICTIM_ONLY,
        Fields("victim! interval_days! channel!", &[&U16, &U16, &CHANNEL]),
        VICTIM_ONLY,
        Fields("decision! suspect", &[&DECISION, &OPT_U16]),
        Fields("victim! decision!", &[&U16, &U32]),
        Fields(
            "apply! reason_recorded! orders!",
            &[&Shape::Bool, &Shape::Bool, &Shape::Orders],
        ),
        Fields(
            "notice! suspect! authorised_by! served_at",
            &[&NOTICE, &U16, &RANK, &OPT_INSTANT],
        ),
        Fields("notice!", &[&U32]),
        Fields("suspect! outcome!", &[&U16, &RELEASE_OUTCOME]),
        Fields("kind!", &[&EVIDENCE]),
        VICTIM_ONLY,
        VICTIM_ONLY,
        VICTIM_ONLY,
        Fields("detention! place!", &[&U16, &PLACE]),
        DETENTION_ONLY,
        Fields("detention! with!", &[&U16, &CONSULTEE]),
        DETENTION_ONLY,
        Fields(
            concat!(
                "detention! rank! imminent_risk! no_other_place! ",
                "healthcare_professional_present!"
            ),
            &[&U16, &RANK, &Shape::Bool, &Shape::Bool, &Shape::Bool],
        ),
        Fields(
            "detention! hours! by_responsible_doctor! assessment_impracticable!",
            &[&U16, &Shape::Byte, &Shape::Bool, &Shape::Bool],
        ),
        Fields("detention! rank!", &[&U16, &RANK]),
        DETENTION_ONLY,
        DETENTION_ONLY,
        DETENTION_ONLY,
        Fields("detention! outcome!", &[&U16, &DETENTION_OUTCOME]),
        CHILD_NOTIFIED,
        CHILD_NOTIFIED,
        CHILD_NOTIFIED,
        Fields("child! first_episode!", &[&U16, &Shape::Bool]),
    ],
);

pub(super) static EVENT: Shape =
    Shape::Object(&Fields("id! at! what!", &[&U32, &Shape::Instant, &WHAT]));

/// A raw case: every field may be left out.
pub(super) static CASE: Shape = Shape::Object(&Fields(
    concat!(
        "reference categories recorded_at reported_at occurred_at attended_at ",
        "closed_at victims suspects children detentions events attended ",
        "screened_out incidents"
    ),
    &[
        &Shape::Text,
        &Shape::List(&CATEGORY),
        &OPT_INSTANT,
        &OPT_INSTANT,
        &OPT_INSTANT,
        &OPT_INSTANT,
        &OPT_INSTANT,
        &Shape::List(&VICTIM),
        &Shape::List(&SUSPECT),
        &Shape::List(&CHILD),
        &Shape::List(&DETENTION),
        &Shape::List(&EVENT),
        &OPT_BOOL,
        &Shape::Bool,
        &Shape::List(&INCIDENT),
    ],
));

pub(super) static CADENCE: Shape = Shape::Object(&Fields(
    "first_within_hours! second_within_days then_every_days!",
    &[&U32, &OPT_U16, &U16],
));
pub(super) static UPDATE_PLAN: Shape =
    Shape::Object(&Fields("standard! enhanced!", &[&CADENCE, &CADENCE]));
pub(super) static DAPN_PILOT: Shape = Shape::Object(&Fields(
    "area! first_day last_day",
    &[&PILOT_AREA, &OPT_DATE, &OPT_DATE],
));
pub(super) static DATE_RANGE: Shape =
    Shape::Object(&Fields("first! last!", &[&Shape::Date, &Shape::Date]));

/// A force policy: every field may be left out, and then keeps its default.
pub(super) static POLICY: Shape = Shape::Object(&Fields(
    concat!(
        "needs_assessment_working_days referral_working_days ",
        "care_contract_working_days key_decision_working_days_enhanced ",
        "key_decision_working_days_standard default_update_plan ",
        "order_consideration_hours dapn_pilot s136_escalation_hours ",
        "s136_escalation_grace_minutes warning_lead_minutes ",
        "school_day_start_minutes school_closures extra_bank_holidays ",
        "missing_child_notification report_not_applicable rules ",
        "victims_code_2015_from encompass_scheme_from ",
        "missing_child_notification_from"
    ),
    &[
        &U16,
        &U16,
        &OPT_U16,
        &U16,
        &U16,
        &Shape::Option(&UPDATE_PLAN),
        &U32,
        &Shape::Option(&DAPN_PILOT),
        &U32,
        &U32,
        &Shape::Leads,
        &U16,
        &Shape::List(&DATE_RANGE),
        &Shape::List(&Shape::Date),
        &MISSING_CHILD,
        &Shape::Bool,
        &Shape::Rules,
        &Shape::Date,
        &Shape::Date,
        &Shape::Date,
    ],
));

#[cfg(test)]
mod tests {
    use super::*;

    /// Every shape reachable from the case and the policy.
    fn all(shape: &'static Shape, out: &mut Vec<&'static Shape>) {
        out.push(shape);
        match shape {
            Shape::Option(inner) | Shape::List(inner) => all(inner, out),
            Shape::Object(fields) => fields.1.iter().for_each(|shape| all(shape, out)),
            Shape::Variant(_, variants) => variants
                .iter()
                .flat_map(|fields| fields.1.iter())
                .for_each(|shape| all(shape, out)),
            _ => {}
        }
    }

    #[test]
    fn every_object_has_a_shape_per_name_and_every_variant_its_fields() {
        let mut shapes = Vec::new();
        all(&CASE, &mut shapes);
        all(&POLICY, &mut shapes);
        assert!(shapes.len() > 100);
        for shape in shapes {
            match shape {
                Shape::Object(fields) => {
                    assert_eq!(fields.names().count(), fields.1.len(), "{}", fields.0);
                    // The reader keeps the places of at most 8 fields of a nested object (the
                    // case's and the policy's fields are read key by key); `seen` is 32 bits.
                    let top = core::ptr::eq(shape, &CASE) || core::ptr::eq(shape, &POLICY);
                    assert!(fields.1.len() <= if top { 32 } else { 8 }, "{}", fields.0);
                }
                Shape::Variant(names, variants) => {
                    assert_eq!(names.split(' ').count(), variants.len());
                    for fields in *variants {
                        assert_eq!(fields.names().count(), fields.1.len(), "{}", fields.0);
                        assert!(fields.1.len() <= 8, "{}", fields.0);
                    }
                }
                Shape::Name(names) => assert!(!names.contains("  ") && !names.contains('!')),
                _ => {}
            }
        }
    }
}
