//! A case and a policy read in place, field by field where they lie, so that a device reads a
//! case of any size with a few hundred bytes of stack: the lists, the timeline above all, are
//! filled item by item. Postcard gives the fields as a sequence in declaration order. (JSON is
//! read in place too, item by item, by `crate::json`.)

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
}
