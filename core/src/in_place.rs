//! A case and a policy read in place, field by field where they lie, so that a device reads a
//! case of any size with a few hundred bytes of stack: the lists, the timeline above all, are
//! filled item by item. Postcard (feature `postcard`) gives the fields as a sequence in
//! declaration order; JSON (feature `json`) as an object, in any order.

use core::fmt;

use crate::case::RawCase;
use crate::policy::Policy;

/// A raw case decoded in place. Postcard writes a struct as its fields in declaration order,
/// which is the order read here; the destructuring below stops the build if a field is added
/// to [`RawCase`] and not here, and the tests compare this with the derived decoder.
pub(crate) struct InPlaceCase<'a>(pub(crate) &'a mut RawCase);

const RAW_CASE_FIELDS: &[&str] = &[
    "reference",
    "categories",
    "recorded_at",
    "reported_at",
    "occurred_at",
    "attended_at",
    "closed_at",
    "victims",
    "suspects",
    "children",
    "detentions",
    "events",
    "attended",
    "screened_out",
    "incidents",
];

impl<'de> serde::de::DeserializeSeed<'de> for InPlaceCase<'_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_struct("RawCase", RAW_CASE_FIELDS, self)
    }
}

impl<'de> serde::de::Visitor<'de> for InPlaceCase<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a case")
    }

    #[cfg(feature = "postcard")]
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        use crate::list::InPlace;
        use serde::de::Error;
        let RawCase {
            reference,
            categories,
            recorded_at,
            reported_at,
            occurred_at,
            attended_at,
            closed_at,
            victims,
            suspects,
            children,
            detentions,
            events,
            attended,
            screened_out,
            incidents,
        } = self.0;
        let missing = |n: usize| A::Error::invalid_length(n, &"the fields of a case");
        *reference = seq.next_element()?.ok_or_else(|| missing(0))?;
        seq.next_element_seed(InPlace(categories))?
            .ok_or_else(|| missing(1))?;
        for (n, at) in [
            (2, recorded_at),
            (3, reported_at),
            (4, occurred_at),
            (5, attended_at),
            (6, closed_at),
        ] {
            *at = seq.next_element()?.ok_or_else(|| missing(n))?;
        }
        seq.next_element_seed(InPlace(victims))?
            .ok_or_else(|| missing(7))?;
        seq.next_element_seed(InPlace(suspects))?
            .ok_or_else(|| missing(8))?;
        seq.next_element_seed(InPlace(children))?
            .ok_or_else(|| missing(9))?;
        seq.next_element_seed(InPlace(detentions))?
            .ok_or_else(|| missing(10))?;
        seq.next_element_seed(InPlace(events))?
            .ok_or_else(|| missing(11))?;
        *attended = seq.next_element()?.ok_or_else(|| missing(12))?;
        *screened_out = seq.next_element()?.ok_or_else(|| missing(13))?;
        seq.next_element_seed(InPlace(incidents))?
            .ok_or_else(|| missing(14))?;
        Ok(())
    }

    /// The derived reader's rules, in place: every field may be absent (and is then empty),
    /// none may be given twice, and a field the case does not have is refused.
    #[cfg(feature = "json")]
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        use crate::list::InPlace;
        let RawCase {
            reference,
            categories,
            recorded_at,
            reported_at,
            occurred_at,
            attended_at,
            closed_at,
            victims,
            suspects,
            children,
            detentions,
            events,
            attended,
            screened_out,
            incidents,
        } = self.0;
        *reference = Default::default();
        categories.clear();
        for at in [
            &mut *recorded_at,
            &mut *reported_at,
            &mut *occurred_at,
            &mut *attended_at,
            &mut *closed_at,
        ] {
            *at = None;
        }
        victims.clear();
        suspects.clear();
        children.clear();
        detentions.clear();
        events.clear();
        *attended = Default::default();
        *screened_out = false;
        incidents.clear();
        read_fields(&mut map, RAW_CASE_FIELDS, |field, map| match field {
            0 => map.next_value().map(|v| *reference = v),
            1 => map.next_value_seed(InPlace(categories)),
            2 => map.next_value().map(|v| *recorded_at = v),
            3 => map.next_value().map(|v| *reported_at = v),
            4 => map.next_value().map(|v| *occurred_at = v),
            5 => map.next_value().map(|v| *attended_at = v),
            6 => map.next_value().map(|v| *closed_at = v),
            7 => map.next_value_seed(InPlace(victims)),
            8 => map.next_value_seed(InPlace(suspects)),
            9 => map.next_value_seed(InPlace(children)),
            10 => map.next_value_seed(InPlace(detentions)),
            11 => map.next_value_seed(InPlace(events)),
            12 => map.next_value().map(|v| *attended = v),
            13 => map.next_value().map(|v| *screened_out = v),
            _ => map.next_value_seed(InPlace(incidents)),
        })
    }
}

/// A policy decoded in place; see [`InPlaceCase`].
pub(crate) struct InPlacePolicy<'a>(pub(crate) &'a mut Policy);

const POLICY_FIELDS: &[&str] = &[
    "needs_assessment_working_days",
    "referral_working_days",
    "care_contract_working_days",
    "key_decision_working_days_enhanced",
    "key_decision_working_days_standard",
    "default_update_plan",
    "order_consideration_hours",
    "dapn_pilot",
    "s136_escalation_hours",
    "s136_escalation_grace_minutes",
    "warning_lead_minutes",
    "school_day_start_minutes",
    "school_closures",
    "extra_bank_holidays",
    "missing_child_notification",
    "report_not_applicable",
    "rules",
    "victims_code_2015_from",
    "encompass_scheme_from",
    "missing_child_notification_from",
];

impl<'de> serde::de::DeserializeSeed<'de> for InPlacePolicy<'_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_struct("Policy", POLICY_FIELDS, self)
    }
}

impl<'de> serde::de::Visitor<'de> for InPlacePolicy<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a force policy")
    }

    #[cfg(feature = "postcard")]
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        use crate::list::InPlace;
        use serde::de::Error;
        let Policy {
            needs_assessment_working_days,
            referral_working_days,
            care_contract_working_days,
            key_decision_working_days_enhanced,
            key_decision_working_days_standard,
            default_update_plan,
            order_consideration_hours,
            dapn_pilot,
            s136_escalation_hours,
            s136_escalation_grace_minutes,
            warning_lead_minutes,
            school_day_start_minutes,
            school_closures,
            extra_bank_holidays,
            missing_child_notification,
            report_not_applicable,
            rules,
            victims_code_2015_from,
            encompass_scheme_from,
            missing_child_notification_from,
        } = self.0;
        let missing = |n: usize| A::Error::invalid_length(n, &"the fields of a policy");
        *needs_assessment_working_days = seq.next_element()?.ok_or_else(|| missing(0))?;
        *referral_working_days = seq.next_element()?.ok_or_else(|| missing(1))?;
        *care_contract_working_days = seq.next_element()?.ok_or_else(|| missing(2))?;
        *key_decision_working_days_enhanced = seq.next_element()?.ok_or_else(|| missing(3))?;
        *key_decision_working_days_standard = seq.next_element()?.ok_or_else(|| missing(4))?;
        *default_update_plan = seq.next_element()?.ok_or_else(|| missing(5))?;
        *order_consideration_hours = seq.next_element()?.ok_or_else(|| missing(6))?;
        *dapn_pilot = seq.next_element()?.ok_or_else(|| missing(7))?;
        *s136_escalation_hours = seq.next_element()?.ok_or_else(|| missing(8))?;
        *s136_escalation_grace_minutes = seq.next_element()?.ok_or_else(|| missing(9))?;
        *warning_lead_minutes = seq.next_element()?.ok_or_else(|| missing(10))?;
        *school_day_start_minutes = seq.next_element()?.ok_or_else(|| missing(11))?;
        seq.next_element_seed(InPlace(school_closures))?
            .ok_or_else(|| missing(12))?;
        seq.next_element_seed(InPlace(extra_bank_holidays))?
            .ok_or_else(|| missing(13))?;
        *missing_child_notification = seq.next_element()?.ok_or_else(|| missing(14))?;
        *report_not_applicable = seq.next_element()?.ok_or_else(|| missing(15))?;
        *rules = seq.next_element()?.ok_or_else(|| missing(16))?;
        for (n, date) in [
            (17, victims_code_2015_from),
            (18, encompass_scheme_from),
            (19, missing_child_notification_from),
        ] {
            *date = seq.next_element()?.ok_or_else(|| missing(n))?;
        }
        Ok(())
    }

    /// As for a case: every field may be absent (and then keeps its default), none may be
    /// given twice, and a field the policy does not have is refused.
    #[cfg(feature = "json")]
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        use crate::list::InPlace;
        *self.0 = Policy::DEFAULT;
        let Policy {
            needs_assessment_working_days,
            referral_working_days,
            care_contract_working_days,
            key_decision_working_days_enhanced,
            key_decision_working_days_standard,
            default_update_plan,
            order_consideration_hours,
            dapn_pilot,
            s136_escalation_hours,
            s136_escalation_grace_minutes,
            warning_lead_minutes,
            school_day_start_minutes,
            school_closures,
            extra_bank_holidays,
            missing_child_notification,
            report_not_applicable,
            rules,
            victims_code_2015_from,
            encompass_scheme_from,
            missing_child_notification_from,
        } = self.0;
        read_fields(&mut map, POLICY_FIELDS, |field, map| match field {
            0 => map.next_value().map(|v| *needs_assessment_working_days = v),
            1 => map.next_value().map(|v| *referral_working_days = v),
            2 => map.next_value().map(|v| *care_contract_working_days = v),
            3 => map
                .next_value()
                .map(|v| *key_decision_working_days_enhanced = v),
            4 => map
                .next_value()
                .map(|v| *key_decision_working_days_standard = v),
            5 => map.next_value().map(|v| *default_update_plan = v),
            6 => map.next_value().map(|v| *order_consideration_hours = v),
            7 => map.next_value().map(|v| *dapn_pilot = v),
            8 => map.next_value().map(|v| *s136_escalation_hours = v),
            9 => map.next_value().map(|v| *s136_escalation_grace_minutes = v),
            10 => map.next_value().map(|v| *warning_lead_minutes = v),
            11 => map.next_value().map(|v| *school_day_start_minutes = v),
            12 => map.next_value_seed(InPlace(school_closures)),
            13 => map.next_value_seed(InPlace(extra_bank_holidays)),
            14 => map.next_value().map(|v| *missing_child_notification = v),
            15 => map.next_value().map(|v| *report_not_applicable = v),
            16 => map.next_value().map(|v| *rules = v),
            17 => map.next_value().map(|v| *victims_code_2015_from = v),
            18 => map.next_value().map(|v| *encompass_scheme_from = v),
            _ => map
                .next_value()
                .map(|v| *missing_child_notification_from = v),
        })
    }
}

/// Reads an object's fields: `put` reads the value of the field at its index in `fields`. A
/// field given twice is refused (as `duplicate_field`), and one not in `fields` too
/// (`unknown_field`, from the key's reader).
#[cfg(feature = "json")]
fn read_fields<'de, A: serde::de::MapAccess<'de>>(
    map: &mut A,
    fields: &'static [&'static str],
    mut put: impl FnMut(usize, &mut A) -> Result<(), A::Error>,
) -> Result<(), A::Error> {
    use serde::de::Error;
    let mut seen = 0u32;
    while let Some(field) = map.next_key_seed(FieldName(fields))? {
        let bit = 1u32
            .checked_shl(u32::try_from(field).unwrap_or(u32::MAX))
            .unwrap_or(0);
        if seen & bit != 0 {
            return Err(A::Error::duplicate_field(
                fields.get(field).copied().unwrap_or_default(),
            ));
        }
        seen |= bit;
        put(field, map)?;
    }
    Ok(())
}

/// An object's key, as its index among the fields of the struct being read.
#[cfg(feature = "json")]
struct FieldName(&'static [&'static str]);

#[cfg(feature = "json")]
impl<'de> serde::de::DeserializeSeed<'de> for FieldName {
    type Value = usize;
    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<usize, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

#[cfg(feature = "json")]
impl serde::de::Visitor<'_> for FieldName {
    type Value = usize;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }
    fn visit_str<E: serde::de::Error>(self, key: &str) -> Result<usize, E> {
        self.0
            .iter()
            .position(|field| *field == key)
            .ok_or_else(|| E::unknown_field(key, self.0))
    }
}
