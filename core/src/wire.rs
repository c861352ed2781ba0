//! The compact wire form (feature `postcard`): raw cases and findings as postcard bytes, for
//! kiosks and devices that store or exchange them without JSON.

use core::fmt;

use crate::case::RawCase;
use crate::finding::Findings;
use crate::policy::Policy;

/// Why bytes could not be read as a case.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DecodeError {
    /// The bytes end before the case does.
    Truncated,
    /// Bytes are left over after a complete case.
    TrailingBytes {
        /// How many.
        count: usize,
    },
    /// A length or number is not a valid varint.
    BadVarint,
    /// A value is not valid for its field (an unknown event kind or enum value, bad UTF-8).
    BadValue,
    /// The output buffer is too small.
    BufferTooSmall,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            DecodeError::Truncated => f.write_str("postcard: the bytes end before the case does"),
            DecodeError::TrailingBytes { count } => {
                write!(f, "postcard: {count} bytes left over after the case")
            }
            DecodeError::BadVarint => f.write_str("postcard: a length or number is not a valid varint"),
            DecodeError::BadValue => f.write_str(
                "postcard: a value is not valid for its field (unknown kind, enum value or bad text)",
            ),
            DecodeError::BufferTooSmall => f.write_str("postcard: the output buffer is too small"),
        }
    }
}

impl core::error::Error for DecodeError {}

impl From<postcard::Error> for DecodeError {
    fn from(e: postcard::Error) -> Self {
        match e {
            postcard::Error::DeserializeUnexpectedEnd => DecodeError::Truncated,
            postcard::Error::DeserializeBadVarint => DecodeError::BadVarint,
            postcard::Error::SerializeBufferFull => DecodeError::BufferTooSmall,
            _ => DecodeError::BadValue,
        }
    }
}

/// Reads a raw case from postcard bytes; every byte must belong to the case.
///
/// The result still has to pass [`crate::Case::new`].
///
/// It decodes in place ([`decode_case_into`]) into a case it then returns: the derived decoder
/// moves the 4 KiB case through several stack frames, which cost more than the decoding
/// itself (the tests check that both give the same case or the same error).
pub fn decode_case(bytes: &[u8]) -> Result<RawCase, DecodeError> {
    let mut case = RawCase::default();
    decode_case_into(bytes, &mut case)?;
    Ok(case)
}

/// The derived decoder, against which the tests check [`decode_case_into`].
#[cfg(test)]
fn decode_case_derived(bytes: &[u8]) -> Result<RawCase, DecodeError> {
    let (case, rest) = postcard::take_from_bytes::<RawCase>(bytes)?;
    if rest.is_empty() {
        Ok(case)
    } else {
        Err(DecodeError::TrailingBytes { count: rest.len() })
    }
}

/// [`decode_case`] into an existing raw case, overwriting it field by field where it lies: the
/// lists, the timeline above all, are decoded item by item straight into their place, so a
/// device decodes a case of any size with a few hundred bytes of stack. On error `case` holds
/// a partly decoded case, to be overwritten by the next decode.
pub fn decode_case_into(bytes: &[u8], case: &mut RawCase) -> Result<(), DecodeError> {
    use serde::de::DeserializeSeed;
    let mut deserializer = postcard::Deserializer::from_bytes(bytes);
    InPlaceCase(case).deserialize(&mut deserializer)?;
    let rest = deserializer.finalize()?;
    if rest.is_empty() {
        Ok(())
    } else {
        Err(DecodeError::TrailingBytes { count: rest.len() })
    }
}

/// A raw case decoded in place. Postcard writes a struct as its fields in declaration order,
/// which is the order read here; the destructuring below stops the build if a field is added
/// to [`RawCase`] and not here, and the tests compare this with the derived decoder.
struct InPlaceCase<'a>(&'a mut RawCase);

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

/// Reads a force policy from postcard bytes into an existing one, field by field where it
/// lies (its date lists item by item), as [`decode_case_into`] does for a case; every byte
/// must belong to the policy. The result still has to pass [`crate::Policy::check`], which
/// [`crate::evaluate`] runs.
pub fn decode_policy_into(bytes: &[u8], policy: &mut Policy) -> Result<(), DecodeError> {
    use serde::de::DeserializeSeed;
    let mut deserializer = postcard::Deserializer::from_bytes(bytes);
    InPlacePolicy(policy).deserialize(&mut deserializer)?;
    let rest = deserializer.finalize()?;
    if rest.is_empty() {
        Ok(())
    } else {
        Err(DecodeError::TrailingBytes { count: rest.len() })
    }
}

/// A policy decoded in place; see [`InPlaceCase`].
struct InPlacePolicy<'a>(&'a mut Policy);

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

/// Writes a raw case as postcard bytes into `buf`, returning the bytes used.
pub fn encode_case<'b>(case: &RawCase, buf: &'b mut [u8]) -> Result<&'b mut [u8], DecodeError> {
    Ok(postcard::to_slice(case, buf)?)
}

/// Writes findings as postcard bytes into `buf`, returning the bytes used.
pub fn encode_findings<'b>(
    findings: &Findings,
    buf: &'b mut [u8],
) -> Result<&'b mut [u8], DecodeError> {
    Ok(postcard::to_slice(findings, buf)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> RawCase {
        let mut events = String::new();
        for id in 0..crate::case::MAX_EVENTS as u32 {
            if !events.is_empty() {
                events.push(',');
            }
            events.push_str(&format!(
                r#"{{ "id": {id}, "at": "2024-03-05T09:00:00Z",
                     "what": {{ "victim_updated": {{ "victim": 1 }} }} }}"#
            ));
        }
        serde_json::from_str(&format!(
            r#"{{
                "reference": "41/2024/0001",
                "categories": ["domestic_abuse", "stalking"],
                "recorded_at": "2024-03-04T10:00:00Z",
                "reported_at": "2024-03-04T09:00:00Z",
                "closed_at": "2024-04-04T09:00:00Z",
                "victims": [{{ "id": 1, "age_at_offence": 16 }}, {{ "id": 2, "vulnerable": true }}],
                "suspects": [{{ "id": 1, "identified": true }}],
                "children": [{{ "id": 1, "age": 7, "school": "registered" }}],
                "events": [{events}]
            }}"#
        ))
        .unwrap()
    }

    /// Decodes with both decoders, starting the in-place one from a different case.
    fn both(bytes: &[u8]) -> (Result<RawCase, DecodeError>, Result<RawCase, DecodeError>) {
        let mut place = sample();
        let in_place = decode_case_into(bytes, &mut place).map(|()| place);
        (decode_case_derived(bytes), in_place)
    }

    #[test]
    fn decoding_in_place_gives_what_the_derived_decoder_gives() {
        let at_capacity = sample();
        let mut shorter = at_capacity.clone();
        shorter.events = shorter.events.iter().copied().take(40).collect();
        for case in [RawCase::default(), shorter, at_capacity] {
            let bytes = postcard::to_allocvec(&case).unwrap();
            let (derived, in_place) = both(&bytes);
            assert_eq!(derived.as_ref(), Ok(&case));
            assert_eq!(in_place, derived);
        }
    }

    #[test]
    fn a_policy_decoded_in_place_is_the_policy_encoded() {
        let policy: Policy = serde_json::from_str(
            r#"{
                "needs_assessment_working_days": 3,
                "key_decision_working_days_standard": 4,
                "default_update_plan": {
                    "standard": { "first_within_hours": 120, "then_every_days": 28 },
                    "enhanced": { "first_within_hours": 24, "second_within_days": 10,
                                  "then_every_days": 28 }
                },
                "dapn_pilot": { "area": "cleveland", "last_day": "2026-06-30" },
                "s136_escalation_grace_minutes": 30,
                "warning_lead_minutes": { "na_1": 720 },
                "school_day_start_minutes": 500,
                "school_closures": [{ "first": "2024-07-22", "last": "2024-09-03" }],
                "extra_bank_holidays": ["2023-05-08"],
                "missing_child_notification": "first_episode",
                "report_not_applicable": true
            }"#,
        )
        .unwrap();
        for policy in [Policy::DEFAULT, policy] {
            let bytes = postcard::to_allocvec(&policy).unwrap();
            let mut place = Policy {
                school_closures: (0..40)
                    .map(|_| crate::calendar::DateRange {
                        first: crate::time::Date::from_days_since_epoch(0),
                        last: crate::time::Date::from_days_since_epoch(1),
                    })
                    .collect(),
                ..Policy::DEFAULT
            };
            decode_policy_into(&bytes, &mut place).unwrap();
            assert_eq!(place, policy);
            assert_eq!(postcard::from_bytes::<Policy>(&bytes).unwrap(), policy);
            let mut longer = bytes.clone();
            longer.push(1);
            assert_eq!(
                decode_policy_into(&longer, &mut place),
                Err(DecodeError::TrailingBytes { count: 1 })
            );
            for cut in 0..bytes.len() {
                assert!(decode_policy_into(bytes.get(..cut).unwrap(), &mut place).is_err());
            }
        }
        assert_eq!(Policy::DEFAULT, Policy::default());
    }

    #[test]
    fn decoding_in_place_refuses_what_the_derived_decoder_refuses() {
        let case = sample();
        let bytes = postcard::to_allocvec(&case).unwrap();
        let mut longer = bytes.clone();
        longer.push(0);
        assert_eq!(
            both(&longer).1,
            Err(DecodeError::TrailingBytes { count: 1 })
        );
        for cut in [0, 1, 5, bytes.len() / 2, bytes.len() - 1] {
            let (derived, in_place) = both(bytes.get(..cut).unwrap());
            assert!(derived.is_err(), "cut at {cut}");
            assert_eq!(in_place, derived, "cut at {cut}");
        }
        let mut bad = bytes;
        bad[0] = 0xff; // the reference's length: an unfinished varint, or too long
        let (derived, in_place) = both(&bad);
        assert!(derived.is_err());
        assert_eq!(in_place, derived);
    }
}
