//! The compact wire form (feature `postcard`): raw cases, force policies and findings as
//! postcard bytes, for kiosks and devices that store or exchange them without JSON.
//!
//! Every payload starts with a [`WIRE_HEADER_LEN`]-byte header: the magic [`WIRE_MAGIC`]
//! (`"SG"`), the format version [`WIRE_VERSION`] and a kind byte ([`WIRE_KIND_CASE`],
//! [`WIRE_KIND_POLICY`] or [`WIRE_KIND_FINDINGS`]); the postcard body follows. Bytes with
//! another version, or with no header at all (version 0, written before the format was
//! versioned), are refused with [`DecodeError::UnknownVersion`], never read as something they
//! are not. `docs/WIRE.md` sets the layout down byte by byte.

use core::fmt;

use crate::case::RawCase;
use crate::finding::Finding;
use crate::in_place::{InPlaceCase, InPlacePolicy};
use crate::policy::Policy;

/// The two bytes every payload starts with: `"SG"`.
pub const WIRE_MAGIC: [u8; 2] = *b"SG";
/// The wire format version this build writes and reads. Version 0 is the layout before the
/// header existed; version 1 wrote rule ids as declaration indexes, rule sets as 16 bits and
/// warning leads as a fixed list; version 2 writes every rule as its stable wire code (rule
/// sets as 64 bits by code, warning leads as (code, minutes) pairs) and starts the findings
/// with the catalogue version. The version changes whenever the layout of any payload does
/// (`docs/WIRE.md`, compatibility).
pub const WIRE_VERSION: u8 = 2;
/// The kind byte of a raw case.
pub const WIRE_KIND_CASE: u8 = b'C';
/// The kind byte of a force policy.
pub const WIRE_KIND_POLICY: u8 = b'P';
/// The kind byte of findings.
pub const WIRE_KIND_FINDINGS: u8 = b'F';
/// The header's length: the magic, the version and the kind.
pub const WIRE_HEADER_LEN: usize = 4;

/// Why bytes could not be read as a case or policy, or a value not written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DecodeError {
    /// The bytes end before the case does (or inside the header).
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
    /// The bytes are of a wire format version this build does not read. `found` is 0 when
    /// they do not start with [`WIRE_MAGIC`]: written before the format was versioned, or not
    /// safeguard bytes at all.
    UnknownVersion {
        /// The version the bytes declare (0: no header).
        found: u8,
    },
    /// The header names another kind of payload (a policy given where a case is expected).
    WrongKind {
        /// The kind byte expected ([`WIRE_KIND_CASE`], ...).
        expected: u8,
        /// The kind byte found.
        found: u8,
    },
}

impl DecodeError {
    /// The error's stable code, as fixtures and device reports name it: `truncated`,
    /// `trailing_bytes`, `bad_varint`, `bad_value`, `buffer_too_small`, `unknown_version`,
    /// `wrong_kind`.
    #[must_use]
    pub const fn code(&self) -> &'static str {
        match self {
            DecodeError::Truncated => "truncated",
            DecodeError::TrailingBytes { .. } => "trailing_bytes",
            DecodeError::BadVarint => "bad_varint",
            DecodeError::BadValue => "bad_value",
            DecodeError::BufferTooSmall => "buffer_too_small",
            DecodeError::UnknownVersion { .. } => "unknown_version",
            DecodeError::WrongKind { .. } => "wrong_kind",
        }
    }
}

/// What a kind byte names, for messages.
const fn kind_name(kind: u8) -> &'static str {
    match kind {
        WIRE_KIND_CASE => "a case",
        WIRE_KIND_POLICY => "a policy",
        WIRE_KIND_FINDINGS => "findings",
        _ => "an unknown kind",
    }
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
            DecodeError::UnknownVersion { found: 0 } => write!(
                f,
                "postcard: no safeguard header (version 0: written before the format was \
                 versioned, or not safeguard bytes); this build reads version {WIRE_VERSION}"
            ),
            DecodeError::UnknownVersion { found } => write!(
                f,
                "postcard: wire format version {found}; this build reads version {WIRE_VERSION}"
            ),
            DecodeError::WrongKind { expected, found } => write!(
                f,
                "postcard: expected {} ({:?}), found {} ({:?})",
                kind_name(expected),
                char::from(expected),
                kind_name(found),
                char::from(found)
            ),
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

/// Checks the header and returns the body after it.
///
/// Bytes that are a proper prefix of a header of this version are [`DecodeError::Truncated`]
/// (empty bytes included), so a payload cut at any length reads as truncated. Bytes whose
/// first or second byte differs from [`WIRE_MAGIC`] are `UnknownVersion { found: 0 }`; a
/// header with another version is `UnknownVersion { found }` even if cut before its kind byte.
fn body(bytes: &[u8], expected: u8) -> Result<&[u8], DecodeError> {
    let [m0, m1] = WIRE_MAGIC;
    let [first, rest @ ..] = bytes else {
        return Err(DecodeError::Truncated);
    };
    if *first != m0 {
        return Err(DecodeError::UnknownVersion { found: 0 });
    }
    let [second, rest @ ..] = rest else {
        return Err(DecodeError::Truncated);
    };
    if *second != m1 {
        return Err(DecodeError::UnknownVersion { found: 0 });
    }
    let [version, rest @ ..] = rest else {
        return Err(DecodeError::Truncated);
    };
    if *version != WIRE_VERSION {
        return Err(DecodeError::UnknownVersion { found: *version });
    }
    let [found, body @ ..] = rest else {
        return Err(DecodeError::Truncated);
    };
    if *found != expected {
        return Err(DecodeError::WrongKind {
            expected,
            found: *found,
        });
    }
    Ok(body)
}

/// Writes the header of `kind` and then `value` as postcard into `buf`, returning the bytes
/// used.
fn encode<'b, T: serde::Serialize + ?Sized>(
    value: &T,
    kind: u8,
    buf: &'b mut [u8],
) -> Result<&'b mut [u8], DecodeError> {
    let [m0, m1] = WIRE_MAGIC;
    let (head, rest) = buf
        .split_at_mut_checked(WIRE_HEADER_LEN)
        .ok_or(DecodeError::BufferTooSmall)?;
    head.copy_from_slice(&[m0, m1, WIRE_VERSION, kind]);
    let used = postcard::to_slice(value, rest)?.len();
    // Saturating: no overflow check (and panic path) for a sum that cannot overflow.
    buf.get_mut(..WIRE_HEADER_LEN.saturating_add(used))
        .ok_or(DecodeError::BufferTooSmall)
}

/// Reads a raw case from postcard bytes written by [`encode_case`]: the header (of this
/// [`WIRE_VERSION`], kind [`WIRE_KIND_CASE`]) first, then the case; every byte must belong to
/// the case.
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
    let (case, rest) = postcard::take_from_bytes::<RawCase>(body(bytes, WIRE_KIND_CASE)?)?;
    if rest.is_empty() {
        Ok(case)
    } else {
        Err(DecodeError::TrailingBytes { count: rest.len() })
    }
}

/// [`decode_case`] into an existing raw case, overwriting it field by field where it lies: the
/// lists, the timeline above all, are decoded item by item straight into their place, so a
/// device decodes a case of any size with a few hundred bytes of stack. On error `case` holds
/// a partly decoded case, to be overwritten by the next decode (a header error leaves it
/// untouched).
pub fn decode_case_into(bytes: &[u8], case: &mut RawCase) -> Result<(), DecodeError> {
    use serde::de::DeserializeSeed;
    let mut deserializer = postcard::Deserializer::from_bytes(body(bytes, WIRE_KIND_CASE)?);
    InPlaceCase(case).deserialize(&mut deserializer)?;
    let rest = deserializer.finalize()?;
    if rest.is_empty() {
        Ok(())
    } else {
        Err(DecodeError::TrailingBytes { count: rest.len() })
    }
}

/// Reads a force policy from postcard bytes written by [`encode_policy`] into an existing
/// one, field by field where it lies (its date lists item by item), as [`decode_case_into`]
/// does for a case: the header (of this [`WIRE_VERSION`], kind [`WIRE_KIND_POLICY`]) first,
/// then the policy; every byte must belong to the policy. The result still has to pass [`crate::Policy::check`], which
/// [`crate::evaluate`] runs.
pub fn decode_policy_into(bytes: &[u8], policy: &mut Policy) -> Result<(), DecodeError> {
    use serde::de::DeserializeSeed;
    let mut deserializer = postcard::Deserializer::from_bytes(body(bytes, WIRE_KIND_POLICY)?);
    InPlacePolicy(policy).deserialize(&mut deserializer)?;
    let rest = deserializer.finalize()?;
    if rest.is_empty() {
        Ok(())
    } else {
        Err(DecodeError::TrailingBytes { count: rest.len() })
    }
}

/// Writes a raw case as postcard bytes into `buf`, after the header (kind
/// [`WIRE_KIND_CASE`]), returning the bytes used.
pub fn encode_case<'b>(case: &RawCase, buf: &'b mut [u8]) -> Result<&'b mut [u8], DecodeError> {
    encode(case, WIRE_KIND_CASE, buf)
}

/// Writes a force policy as postcard bytes into `buf`, after the header (kind
/// [`WIRE_KIND_POLICY`]), returning the bytes used.
pub fn encode_policy<'b>(policy: &Policy, buf: &'b mut [u8]) -> Result<&'b mut [u8], DecodeError> {
    encode(policy, WIRE_KIND_POLICY, buf)
}

/// Writes findings as postcard bytes into `buf`, after the header (kind
/// [`WIRE_KIND_FINDINGS`]) and the catalogue version they were judged under
/// ([`crate::CATALOGUE_VERSION`]), returning the bytes used.
pub fn encode_findings<'b>(
    findings: &[Finding],
    buf: &'b mut [u8],
) -> Result<&'b mut [u8], DecodeError> {
    encode(
        &(crate::catalogue::CATALOGUE_VERSION, findings),
        WIRE_KIND_FINDINGS,
        buf,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Encodes through [`encode_case`] into a vector.
    fn case_bytes(case: &RawCase) -> Vec<u8> {
        let mut buf = vec![0; 64 * 1024];
        let used = encode_case(case, &mut buf).unwrap().len();
        buf.truncate(used);
        buf
    }

    /// Encodes through [`encode_policy`] into a vector.
    fn policy_bytes(policy: &Policy) -> Vec<u8> {
        let mut buf = vec![0; 64 * 1024];
        let used = encode_policy(policy, &mut buf).unwrap().len();
        buf.truncate(used);
        buf
    }

    fn sample() -> RawCase {
        let mut events = String::new();
        for id in 0..crate::capacity::MAX_EVENTS as u32 {
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
            let bytes = case_bytes(&case);
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
            let bytes = policy_bytes(&policy);
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
            assert_eq!(
                postcard::from_bytes::<Policy>(&bytes[WIRE_HEADER_LEN..]).unwrap(),
                policy
            );
            let mut longer = bytes.clone();
            longer.push(1);
            assert_eq!(
                decode_policy_into(&longer, &mut place),
                Err(DecodeError::TrailingBytes { count: 1 })
            );
            for cut in 0..bytes.len() {
                assert_eq!(
                    decode_policy_into(bytes.get(..cut).unwrap(), &mut place),
                    Err(DecodeError::Truncated),
                    "cut at {cut}"
                );
            }
        }
        assert_eq!(Policy::DEFAULT, Policy::default());
    }

    #[test]
    fn decoding_in_place_refuses_what_the_derived_decoder_refuses() {
        let case = sample();
        let bytes = case_bytes(&case);
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
        bad[WIRE_HEADER_LEN] = 0xff; // the reference's length: an unfinished varint, or too long
        let (derived, in_place) = both(&bad);
        assert!(derived.is_err());
        assert_eq!(in_place, derived);
    }

    /// A case as version 0 wrote it, with no header (`fixtures/errors/postcard-version-0`,
    /// written by `postcard::to_allocvec` before this version): reference "PC", category
    /// `other`, recorded 2024-03-04T10:00:00Z, one victim with id 1.
    const VERSION_0_CASE: &str = "025043010c01c0eeacde0c0000000001010000000000000000000000000000";

    fn hex(text: &str) -> Vec<u8> {
        (0..text.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
            .collect()
    }

    #[test]
    fn version_0_bytes_are_refused_with_the_version_error_never_read() {
        let old = hex(VERSION_0_CASE);
        // They are real version-0 bytes: the body layout read them as a case.
        let read: RawCase = postcard::from_bytes(&old).unwrap();
        assert_eq!(read.reference.as_str(), "PC");
        assert_eq!(read.victims.len(), 1);
        assert_eq!(
            read.recorded_at,
            Some(crate::time::Instant::parse_rfc3339("2024-03-04T10:00:00Z").unwrap())
        );
        let refused = DecodeError::UnknownVersion { found: 0 };
        assert_eq!(decode_case(&old), Err(refused));
        let mut place = sample();
        assert_eq!(decode_case_into(&old, &mut place), Err(refused));
        assert_eq!(place, sample(), "a header error leaves the case untouched");
        assert_eq!(decode_case_derived(&old), Err(refused));
        // Version 2 bytes of the same case are the header and then the same body.
        let new = case_bytes(&read);
        assert_eq!(new[..WIRE_HEADER_LEN], *b"SG\x02C");
        assert_eq!(new[WIRE_HEADER_LEN..], old[..]);
        assert_eq!(decode_case(&new), Ok(read));
        assert_eq!(refused.code(), "unknown_version");
    }

    #[test]
    fn the_header_is_checked_before_the_body() {
        let case = case_bytes(&RawCase::default());
        let policy = policy_bytes(&Policy::DEFAULT);
        let mut place = Policy::DEFAULT;
        assert_eq!(
            decode_case(&policy),
            Err(DecodeError::WrongKind {
                expected: WIRE_KIND_CASE,
                found: WIRE_KIND_POLICY
            })
        );
        assert_eq!(
            decode_policy_into(&case, &mut place),
            Err(DecodeError::WrongKind {
                expected: WIRE_KIND_POLICY,
                found: WIRE_KIND_CASE
            })
        );
        for version in [0, 1, 3, 99, 255] {
            let mut other = case.clone();
            other[2] = version;
            assert_eq!(
                decode_case(&other),
                Err(DecodeError::UnknownVersion { found: version })
            );
            // Cut after the version byte: the version is known, so it is what is reported.
            assert_eq!(
                decode_case(&other[..3]),
                Err(DecodeError::UnknownVersion { found: version })
            );
        }
        // A proper prefix of a header of this version is truncated; any other start is not
        // a safeguard header.
        for cut in 0..WIRE_HEADER_LEN {
            assert_eq!(decode_case(&case[..cut]), Err(DecodeError::Truncated));
        }
        for start in [&b"S"[..], b"GS", b"sg", b"\x00", b"Sg\x02C\x00"] {
            let mut bytes = start.to_vec();
            bytes.extend_from_slice(&case[WIRE_HEADER_LEN..]);
            assert_eq!(
                decode_case(&bytes),
                Err(DecodeError::UnknownVersion { found: 0 }),
                "{start:?}"
            );
        }
        // A header too big for the buffer.
        let mut small = [0u8; WIRE_HEADER_LEN - 1];
        assert_eq!(
            encode_case(&RawCase::default(), &mut small),
            Err(DecodeError::BufferTooSmall)
        );
        let mut exact = [0u8; WIRE_HEADER_LEN + 15];
        assert_eq!(
            encode_case(&RawCase::default(), &mut exact).map(|b| b.len()),
            Ok(case.len())
        );
        assert_eq!(case.len(), WIRE_HEADER_LEN + 15);
    }

    #[cfg(all(
        feature = "needs-assessment",
        feature = "victim-updates",
        feature = "protective-orders",
        feature = "s136",
        feature = "encompass"
    ))] // the default policy's rule set and the evaluation need every family
    #[test]
    fn case_policy_and_findings_round_trip_behind_their_headers() {
        let case = sample();
        assert_eq!(decode_case(&case_bytes(&case)), Ok(case));
        let policy = Policy {
            care_contract_working_days: Some(3),
            ..Policy::DEFAULT
        };
        let mut place = Policy::DEFAULT;
        decode_policy_into(&policy_bytes(&policy), &mut place).unwrap();
        assert_eq!(place, policy);

        let raw: RawCase = serde_json::from_str(
            r#"{ "recorded_at": "2024-03-04T10:00:00Z", "categories": ["domestic_abuse"],
                 "victims": [{ "id": 1 }] }"#,
        )
        .unwrap();
        let valid = crate::Case::new(raw).unwrap();
        let now = crate::time::Instant::parse_rfc3339("2024-03-20T00:00:00Z").unwrap();
        let findings = crate::evaluate(&valid, Policy::DEFAULT.check().unwrap(), now).unwrap();
        assert!(!findings.is_empty());
        let mut buf = vec![0; 64 * 1024];
        let bytes = encode_findings(&findings, &mut buf).unwrap();
        assert_eq!(bytes[..WIRE_HEADER_LEN], *b"SG\x02F");
        // The catalogue version, then the findings.
        let body = &bytes[WIRE_HEADER_LEN..];
        assert_eq!(body[0], u8::try_from(crate::CATALOGUE_VERSION).unwrap());
        assert_eq!(body[1..], postcard::to_allocvec(&findings).unwrap()[..]);
        // Each finding starts with its rule's wire code.
        assert_eq!(body[2], findings[0].rule.code());
    }

    /// What docs/WIRE.md says about the bytes, checked on a small case.
    #[cfg(all(
        feature = "needs-assessment",
        feature = "victim-updates",
        feature = "protective-orders",
        feature = "s136",
        feature = "encompass"
    ))] // the default policy's rule set and the evaluation need every family
    #[test]
    fn the_bytes_are_as_docs_wire_md_says() {
        let raw: RawCase = serde_json::from_str(
            r#"{ "reference": "AB", "categories": ["stalking", "other"],
                 "recorded_at": "1970-01-01T00:01:00Z", "reported_at": "1969-12-31T23:59:59Z",
                 "victims": [{ "id": 300, "age_at_offence": 16, "referral_consent": true }],
                 "events": [{ "id": 7, "at": "1970-01-01T00:00:01Z",
                              "what": { "victim_updated": { "victim": 300 } } }],
                 "screened_out": true }"#,
        )
        .unwrap();
        let bytes = case_bytes(&raw);
        #[rustfmt::skip]
        let want: &[u8] = &[
            b'S', b'G', 2, b'C',           // header: magic, version 2, kind case
            2, b'A', b'B',                 // reference: length, UTF-8
            2, 1, 12,                      // categories: count, variant numbers
            1, 120,                        // recorded_at: Some, zigzag(60)
            1, 1,                          // reported_at: Some, zigzag(-1)
            0, 0, 0,                       // occurred_at, attended_at, closed_at: None
            1,                             // victims: count
            0xac, 0x02,                    //   id 300 as a varint
            0,                             //   kind: person
            1, 16,                         //   age_at_offence: Some(16)
            0, 0, 0, 0,                    //   vulnerable .. bereaved_relative: false
            1, 1,                          //   referral_consent: Some(true)
            0, 0, 0,                       // suspects, children, detentions: none
            1,                             // events: count
            7, 2,                          //   id 7, at zigzag(1)
            3, 0xac, 0x02,                 //   what: variant 3 (victim_updated), victim 300
            0,                             // attended: None
            1,                             // screened_out: true
            0,                             // incidents: none
        ];
        assert_eq!(bytes, want);
        let mut buf = vec![0; 1024];
        let policy = encode_policy(&Policy::DEFAULT, &mut buf).unwrap();
        #[rustfmt::skip]
        let want: &[u8] = &[
            b'S', b'G', 2, b'P',
            2, 2, 0, 1, 5,                 // working days; care_contract None
            0,                             // default_update_plan: None
            24, 0, 24, 0,                  // order hours, dapn_pilot None, s136 hours, grace
            12,                            // warning leads: 12 (rule code, minutes) pairs
            0, 0, 1, 0, 2, 0, 3, 0, 4, 0,  //   NA-1, NA-2, VU-1, VU-2, VU-3: 0
            5, 0, 7, 0, 9, 0,              //   PO-1, PO-3, S136-1: 0
            10, 0xf0, 0x01,                //   S136-2: 240
            13, 0, 14, 0, 15, 0,           //   S136-5, OE-1, OE-2: 0
            0xfe, 0x03,                    // school_day_start_minutes 510
            0, 0,                          // school_closures, extra_bank_holidays: none
            0,                             // missing_child_notification: off
            0,                             // report_not_applicable: false
            0xff, 0xff, 0x03,              // rules: bits 0-15 (the codes), a u64 varint
            0xe6, 0x85, 0x02,              // victims_code_2015_from: zigzag(16755 days)
            0xbc, 0xea, 0x01,              // encompass_scheme_from: zigzag(15006 days)
            0xee, 0xa4, 0x02,              // missing_child_notification_from: zigzag(18743)
        ];
        assert_eq!(&policy[..], want);
    }
}
