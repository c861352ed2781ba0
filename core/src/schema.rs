//! JSON Schemas of the input types whose serde form is written by hand (feature `schemars`):
//! timestamps, dates, the reference, attendance, lists with a capacity, order and rule sets.
//! The derived types (the case, the policy and their parts) take these as their fields'
//! schemas, so the published schema says exactly what the decoders accept.

extern crate alloc;

use alloc::borrow::Cow;
use alloc::format;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

use crate::capacity::MAX_REFERENCE_LEN;
use crate::case::{Attendance, Order, OrderSet, Reference};
use crate::catalogue::{RuleId, RuleSet};
use crate::list::List;
use crate::policy::{MissingChildNotification, WarningLeads};
use crate::time::{Date, Instant};

impl JsonSchema for Instant {
    fn schema_name() -> Cow<'static, str> {
        "Instant".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "An instant: RFC 3339 with `Z` or an offset, whole seconds, 1900 to 2200.",
            "type": "string",
            "format": "date-time",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(Z|[+-][0-9]{2}:[0-9]{2})$"
        })
    }
}

impl JsonSchema for Date {
    fn schema_name() -> Cow<'static, str> {
        "Date".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A UK civil date, YYYY-MM-DD.",
            "type": "string",
            "format": "date",
            "pattern": "^-?[0-9]{4}-[0-9]{2}-[0-9]{2}$"
        })
    }
}

impl JsonSchema for Reference {
    fn schema_name() -> Cow<'static, str> {
        "Reference".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "The opaque crime or incident number, at most 32 bytes of UTF-8 (a longer one is refused when the case is checked).",
            "type": "string",
            "maxLength": MAX_REFERENCE_LEN
        })
    }
}

impl JsonSchema for Attendance {
    fn schema_name() -> Cow<'static, str> {
        "Attendance".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "Whether the police attended; absent or null: not said, read as attended.",
            "type": ["boolean", "null"]
        })
    }
}

impl<T: JsonSchema, const N: usize> JsonSchema for List<T, N> {
    fn schema_name() -> Cow<'static, str> {
        format!("List_of_{}_up_to_{N}", T::schema_name()).into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let items = generator.subschema_for::<T>();
        json_schema!({
            "type": "array",
            "items": items,
            "maxItems": N,
            "description": format!("At most {N} items: more is refused (capacity_exceeded), never cut short.")
        })
    }
}

impl JsonSchema for OrderSet {
    fn schema_name() -> Cow<'static, str> {
        "OrderSet".into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let order = generator.subschema_for::<Order>();
        json_schema!({
            "description": "The protective orders a consideration names, each at most once.",
            "type": "array",
            "items": order,
            "uniqueItems": true,
            "maxItems": 3
        })
    }
}

impl JsonSchema for RuleSet {
    fn schema_name() -> Cow<'static, str> {
        "RuleSet".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let ids: alloc::vec::Vec<&str> = RuleId::ALL.iter().map(|rule| rule.as_str()).collect();
        json_schema!({
            "description": "Rule ids of the catalogue; order and repeats do not matter, an unknown id is refused.",
            "type": "array",
            "items": { "type": "string", "enum": ids }
        })
    }
}

// Written by hand for the `on` alias, which a derived schema would not list.
impl JsonSchema for MissingChildNotification {
    fn schema_name() -> Cow<'static, str> {
        "MissingChildNotification".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "OE-2: off (the default), first_episode, or every_episode (also written on).",
            "type": "string",
            "enum": ["off", "first_episode", "every_episode", "on"]
        })
    }
}

// Warning leads are keyed by rule in the catalogue: the schema lists every key a policy may set.
impl JsonSchema for WarningLeads {
    fn schema_name() -> Cow<'static, str> {
        "WarningLeads".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let mut properties = json_schema!({});
        for rule in RuleId::ALL {
            if let Some(lead) = rule.warning_lead() {
                properties.insert(
                    lead.key.into(),
                    json_schema!({
                        "description": format!("{rule}: minutes before the deadline (default {}).", lead.default_minutes),
                        "type": "integer",
                        "minimum": 0
                    })
                    .into(),
                );
            }
        }
        json_schema!({
            "description": "Warning leads in minutes, by rule: how long before a deadline an open duty becomes due_soon.",
            "type": "object",
            "properties": properties,
            "additionalProperties": false
        })
    }
}
